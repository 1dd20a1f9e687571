package io.anthill.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Wraps a state machine so a test can hold the business-logic thread inside a live command while it builds a backlog
 * (to fill the ring, or to order a read behind an unapplied write), then let it go. Replayed commands pass.
 */
final class GatedStateMachine implements StateMachine
{
    private static final long HOLD_LIMIT_NS = TimeUnit.SECONDS.toNanos(60);

    private final StateMachine delegate;
    private final AtomicInteger entered = new AtomicInteger();
    private volatile boolean open = true;

    GatedStateMachine(final StateMachine delegate)
    {
        this.delegate = delegate;
    }

    void close()
    {
        open = false;
    }

    void open()
    {
        open = true;
    }

    int entered()
    {
        return entered.get();
    }

    void awaitEntered(final int count)
    {
        final long deadlineNs = System.nanoTime() + HOLD_LIMIT_NS;
        while (entered.get() < count)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("business logic entered " + entered.get() + " commands, not " + count);
            }
            Thread.yield();
        }
    }

    @Override
    public void onCommand(final Command command, final CommandContext context)
    {
        if (!context.isReplaying())
        {
            entered.incrementAndGet();
            final long deadlineNs = System.nanoTime() + HOLD_LIMIT_NS;
            while (!open && System.nanoTime() - deadlineNs < 0)
            {
                Thread.yield();
            }
        }
        delegate.onCommand(command, context);
    }

    @Override
    public void onAlarm(
        final long alarmId, final long deadlineNs, final DirectBuffer metadata, final int metadataOffset,
        final int metadataLength, final CommandContext context)
    {
        delegate.onAlarm(alarmId, deadlineNs, metadata, metadataOffset, metadataLength, context);
    }

    @Override
    public int snapshotFormatVersion()
    {
        return delegate.snapshotFormatVersion();
    }

    @Override
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        return delegate.writeSnapshot(buffer, offset);
    }

    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length, final int formatVersion)
    {
        delegate.loadSnapshot(buffer, offset, length, formatVersion);
    }

    @Override
    public long stateDigest()
    {
        return delegate.stateDigest();
    }
}
