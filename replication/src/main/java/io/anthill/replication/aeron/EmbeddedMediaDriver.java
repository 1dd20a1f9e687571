package io.anthill.replication.aeron;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;

/**
 * The media driver a node embeds: one shared driver thread with a back-off idle strategy, because on a 2-core
 * machine separate busy-spinning conductor, sender and receiver threads starve the ring and the replication agent
 * (docs/replication-transport.md has the measurements). Its directory is the node's own, wiped at start and at close.
 */
public final class EmbeddedMediaDriver implements AutoCloseable
{
    /** Term length of every publication: a message may be up to an eighth of it (512 KiB). */
    public static final int TERM_LENGTH_BYTES = 4 * 1024 * 1024;
    /** Most time the shared driver thread parks when idle: bounds the latency an idle driver adds to a hop. */
    public static final long DRIVER_PARK_MAX_NS = TimeUnit.MICROSECONDS.toNanos(100);

    private final MediaDriver driver;

    private EmbeddedMediaDriver(final MediaDriver driver)
    {
        this.driver = driver;
    }

    /**
     * @param aeronDirectory the driver's directory, owned by this node (deleted at start and at close).
     * @param errorHandler   receives the driver's errors.
     * @return the running driver.
     */
    public static EmbeddedMediaDriver launch(final Path aeronDirectory, final ErrorHandler errorHandler)
    {
        final MediaDriver.Context ctx = new MediaDriver.Context()
            .aeronDirectoryName(aeronDirectory.toString())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), DRIVER_PARK_MAX_NS))
            .publicationTermBufferLength(TERM_LENGTH_BYTES)
            .ipcTermBufferLength(TERM_LENGTH_BYTES)
            .termBufferSparseFile(true)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .errorHandler(errorHandler);
        return new EmbeddedMediaDriver(MediaDriver.launch(ctx));
    }

    /**
     * @return the directory clients connect through.
     */
    public String aeronDirectoryName()
    {
        return driver.aeronDirectoryName();
    }

    @Override
    public void close()
    {
        CloseHelper.close(driver);
    }
}
