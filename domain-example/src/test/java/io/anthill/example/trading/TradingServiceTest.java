package io.anthill.example.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anthill.engine.DigestFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable service keeps working: it runs its scripted session on two real partitions, and a second run on the
 * same data directory recovers the first run's state from the journals before it takes new commands.
 */
class TradingServiceTest
{
    @TempDir
    Path dataDirectory;

    @Test
    void shouldRunTheScriptedSessionAndRecoverItOnASecondRun() throws IOException
    {
        TradingService.run(dataDirectory);
        TradingService.run(dataDirectory);

        for (int p = 0; p < TradingService.PARTITION_COUNT; p++)
        {
            assertTrue(Files.isDirectory(dataDirectory.resolve("partition-" + p).resolve("journal")));
        }
        assertEquals(TradingService.PARTITION_COUNT,
            DigestFile.read(dataDirectory.resolve(TradingService.DIGEST_FILE_NAME)).size());
    }
}
