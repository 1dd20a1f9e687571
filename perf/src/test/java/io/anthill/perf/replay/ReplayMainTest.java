package io.anthill.perf.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.anthill.engine.DigestFile;
import io.anthill.engine.PartitionDigests;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay tool's entry point against journals written by real trading partitions (ring, Chronicle journal,
 * read models on their own threads): the rebuilt digests equal the live ones, a differing digest is named, and each
 * failure says what is wrong.
 */
class ReplayMainTest
{
    private static final long MARKED_AMOUNT = 0x0123_4567_89AB_CDEFL;

    @TempDir
    static Path data;

    private static Map<Integer, PartitionDigests> live;
    private static Path liveDigests;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    @BeforeAll
    static void writeJournals() throws IOException
    {
        live = Map.of(
            0, LiveTradingPartition.run(data.resolve("partition-0"), 0, 3_000, 0),
            1, LiveTradingPartition.run(data.resolve("partition-1"), 1, 2_000, 0));
        liveDigests = data.resolve("live-digests.properties");
        DigestFile.write(liveDigests, Map.of(), live.values());
    }

    @Test
    void shouldRebuildEveryReadModelOfSeveralPartitionsEqualToTheLiveOnesAndVerify() throws IOException
    {
        final Path out = data.resolve("out");
        final int exit = run("--journal", journal(0).toString(), journal(1).toString(), "--projection", "all",
            "--out", out.toString(), "--verify-against", liveDigests.toString());

        assertEquals(ReplayMain.EXIT_OK, exit, errText());
        final Map<Integer, PartitionDigests> written = DigestFile.read(out.resolve(ReplayMain.DIGEST_FILE_NAME));
        assertEquals(live, written);
        assertEquals(4, written.get(0).projectionDigests().size());
        assertTrue(outText().contains("verified against " + liveDigests + ": every digest matches"), outText());
        assertTrue(outText().contains("read model trading-balances"), outText());
        assertTrue(outText().contains(PartitionDigests.hex(live.get(1).stateDigest())), outText());
    }

    @Test
    void shouldRebuildOnlyTheNamedReadModelUpToTheGivenOp()
    {
        final int exit = run("--journal", journal(0).toString(), "--projection", "trading-trade-tape", "--to", "100");

        assertEquals(ReplayMain.EXIT_OK, exit, errText());
        assertTrue(outText().contains("replayed 100 commands of 1 partition(s)"), outText());
        assertTrue(outText().contains("read model trading-trade-tape"), outText());
        assertTrue(!outText().contains("trading-balances"), outText());
    }

    @Test
    void shouldExitNonZeroNamingTheReadModelWhoseDigestDiffers() throws IOException
    {
        final PartitionDigests good = live.get(0);
        final Map<String, Long> projections = new java.util.LinkedHashMap<>(good.projectionDigests());
        projections.put("trading-book-depth", projections.get("trading-book-depth") + 1);
        final Path tampered = data.resolve("tampered.properties");
        DigestFile.write(tampered, Map.of(),
            List.of(new PartitionDigests(0, good.op(), good.stateDigest(), projections)));

        final int exit = run("--journal", journal(0).toString(), "--projection", "all", "--verify-against", tampered.toString());

        assertEquals(ReplayMain.EXIT_MISMATCH, exit);
        assertTrue(errText().contains("MISMATCH partition 0: read model trading-book-depth digest differs"), errText());
        assertTrue(!errText().contains("trading-balances"), errText());
    }

    @Test
    void shouldRestoreTheLatestSnapshotAndReplayOnlyTheEntriesAfterIt()
    {
        final Path partition = data.resolve("snapshotted").resolve("partition-1");
        final PartitionDigests liveDigests = LiveTradingPartition.run(partition, 1, 1_000, 0, true);

        // snapshots hold every trading read model, so all of them continue from it with the whole history
        final int exit = run("--journal", partition.resolve("journal").toString(), "--snapshot", "latest",
            "--projection", "all");
        final int stateOnlyExit = run("--journal", partition.resolve("journal").toString(), "--snapshot", "latest",
            "--projection", "none");

        assertEquals(ReplayMain.EXIT_OK, exit, errText());
        assertEquals(ReplayMain.EXIT_OK, stateOnlyExit, errText());
        assertTrue(outText().contains("partition 1 (" + partition.resolve("journal") + "): from snapshot at op "), outText());
        assertTrue(outText().contains("state digest " + PartitionDigests.hex(liveDigests.stateDigest())), outText());
        liveDigests.projectionDigests().forEach((name, digest) -> assertTrue(
            outText().matches("(?s).*read model " + name + " +digest " + PartitionDigests.hex(digest) + ".*"),
            name + " as live: " + outText()));
        assertTrue(!outText().contains("note: read models"), outText());
    }

    @Test
    void shouldFailWhenTheJournalIsMissing()
    {
        final Path missing = data.resolve("partition-7").resolve("journal");

        final int exit = run("--journal", missing.toString(), "--projection", "all");

        assertEquals(ReplayMain.EXIT_FAILED, exit);
        assertTrue(errText().contains("journal directory not found: " + missing), errText());
    }

    @Test
    void shouldListTheKnownProjectionsWhenOneIsUnknown()
    {
        final int exit = run("--journal", journal(0).toString(), "--projection", "trading-balances", "order-history");

        assertEquals(ReplayMain.EXIT_USAGE, exit);
        assertTrue(errText().contains("unknown projection 'order-history' of domain trading; known: trading-balances, " +
            "trading-open-orders, trading-book-depth, trading-trade-tape (or all, or none)"), errText());
    }

    @Test
    void shouldFailNamingTheFileAndOpOfACorruptEntry() throws IOException
    {
        final Path partition = data.resolve("partition-0-corrupt");
        final long markedOp = LiveTradingPartition.run(partition, 0, 500, MARKED_AMOUNT).op() / 2;
        final Path file = corruptMarkedEntry(partition.resolve("journal"));

        final int exit = run("--journal", partition.resolve("journal").toString(), "--partition", "0", "--projection", "all");

        assertEquals(ReplayMain.EXIT_FAILED, exit);
        assertTrue(errText().contains("partition 0: corrupt entry in " + file + " at op "), errText());
        assertTrue(markedOp > 0);
    }

    private Path corruptMarkedEntry(final Path journal) throws IOException
    {
        final Path file;
        try (Stream<Path> files = Files.list(journal))
        {
            file = files.filter(path -> path.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        final byte[] marker = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(MARKED_AMOUNT).array();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer head = ByteBuffer.allocate(4 << 20);
            channel.read(head, 0);
            final List<Integer> hits = new ArrayList<>();
            final byte[] bytes = head.array();
            for (int i = 0; i + marker.length <= head.position(); i++)
            {
                if (java.util.Arrays.equals(bytes, i, i + marker.length, marker, 0, marker.length))
                {
                    hits.add(i);
                }
            }
            assertTrue(hits.size() > 2, "marked deposits not found in " + file);
            // flip a byte of a deposit in the middle of the log: a torn tail would be forgiven, this must not be
            channel.write(ByteBuffer.wrap(new byte[] {(byte)~marker[0]}), hits.get(hits.size() / 2));
        }
        return file;
    }

    private Path journal(final int partitionId)
    {
        return data.resolve("partition-" + partitionId).resolve("journal");
    }

    private int run(final String... args)
    {
        return ReplayMain.run(args, new PrintStream(outBytes, true, StandardCharsets.UTF_8),
            new PrintStream(errBytes, true, StandardCharsets.UTF_8), false);
    }

    private String outText()
    {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String errText()
    {
        return errBytes.toString(StandardCharsets.UTF_8);
    }
}
