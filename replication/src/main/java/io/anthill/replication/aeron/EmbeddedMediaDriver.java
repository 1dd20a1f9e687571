package io.anthill.replication.aeron;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.BackoffIdleStrategy;

/**
 * The media driver a node embeds: one shared driver thread with a back-off idle strategy, because on a 2-core
 * machine separate busy-spinning conductor, sender and receiver threads starve the ring and the replication agent
 * (docs/replication-transport.md has the measurements); or no thread at all ({@link #launchInvoked}), its duty cycle
 * run by the node's replication thread. Its directory is the node's own, wiped at start and at close.
 */
public final class EmbeddedMediaDriver implements AutoCloseable
{
    /** Term length of every publication: a message may be up to an eighth of it (512 KiB). */
    public static final int TERM_LENGTH_BYTES = 4 * 1024 * 1024;
    /** Most time the shared driver thread parks when idle: bounds the latency an idle driver adds to a hop. */
    public static final long DRIVER_PARK_MAX_NS = TimeUnit.MICROSECONDS.toNanos(100);

    /**
     * Liveness time-outs of an invoked driver and of its client, in ms (Aeron's are 10 s): both are serviced only by
     * their owner's thread, and a client or driver that misses them closes for good, so one long stall of that thread
     * (a slow disk, an epoch change waiting on its bounded 10 s steps) must not cost the node its transport.
     */
    public static final long INVOKED_TIMEOUT_MS = 60_000;

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
        return launch(aeronDirectory, errorHandler, ThreadingMode.SHARED);
    }

    /**
     * A driver without a thread of its own: its conductor, sender and receiver run when the owner invokes
     * {@link #invoker()} (an {@link InvokerAgent} in its composite agent). For a process whose one I/O thread both
     * feeds and drains Aeron (the replication agent): a message then leaves in the same duty cycle that wrote it and
     * is handled in the one that received it, instead of waiting for a second polling thread to wake, and the machine
     * runs one polling thread fewer. Clients of this driver must be given {@link #invoker()} as their
     * {@code driverAgentInvoker} (and run their conductor invoked too, as Aeron requires), so that their blocking
     * calls made before the owner's thread runs are answered; after that only the owner's thread may invoke it.
     */
    public static EmbeddedMediaDriver launchInvoked(final Path aeronDirectory, final ErrorHandler errorHandler)
    {
        return launch(aeronDirectory, errorHandler, ThreadingMode.INVOKER);
    }

    private static EmbeddedMediaDriver launch(
        final Path aeronDirectory, final ErrorHandler errorHandler, final ThreadingMode threadingMode)
    {
        final MediaDriver.Context ctx = new MediaDriver.Context()
            .aeronDirectoryName(aeronDirectory.toString())
            .threadingMode(threadingMode)
            .sharedIdleStrategy(new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), DRIVER_PARK_MAX_NS))
            .publicationTermBufferLength(TERM_LENGTH_BYTES)
            .ipcTermBufferLength(TERM_LENGTH_BYTES)
            .termBufferSparseFile(true)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .errorHandler(errorHandler);
        if (threadingMode == ThreadingMode.INVOKER)
        {
            // Aeron requires publications to stay blocked longer than a client may stay silent
            ctx.clientLivenessTimeoutNs(TimeUnit.MILLISECONDS.toNanos(INVOKED_TIMEOUT_MS))
                .publicationUnblockTimeoutNs(TimeUnit.MILLISECONDS.toNanos(INVOKED_TIMEOUT_MS + 15_000));
        }
        return new EmbeddedMediaDriver(MediaDriver.launch(ctx));
    }

    /**
     * @return the directory clients connect through.
     */
    public String aeronDirectoryName()
    {
        return driver.aeronDirectoryName();
    }

    /**
     * @return the invoker of a driver made by {@link #launchInvoked}, or null for one with its own thread.
     */
    public AgentInvoker invoker()
    {
        return driver.sharedAgentInvoker();
    }

    @Override
    public void close()
    {
        CloseHelper.close(driver);
    }
}
