package io.anthill.replication.cluster;

import java.util.List;

import io.anthill.engine.Command;
import io.anthill.engine.CommandContext;
import io.anthill.engine.Projection;
import io.anthill.engine.ReplayDomain;
import io.anthill.engine.StateMachine;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A test domain ({@value #NAME}) the node processes find by name: each command adds its long to a running total and
 * is answered with the new total; its read model answers any query with (commands applied, total, digest of the
 * sequence of totals), so a test can check conservation (every acknowledged write applied once) and compare
 * replicas.
 */
public final class RunningTotalDomain implements ReplayDomain
{
    /** The domain's name for {@code --domain}. */
    public static final String NAME = "running-total";

    /**
     * @param amount what a command adds to the total.
     * @return the command's payload.
     */
    public static UnsafeBuffer amount(final long amount)
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[Long.BYTES]);
        payload.putLong(0, amount);
        return payload;
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public StateMachine newStateMachine(final int partitionId)
    {
        return new TotalMachine();
    }

    @Override
    public List<Projection> newProjections(final int partitionId)
    {
        return List.of(new TotalReadModel());
    }

    private static final class TotalMachine implements StateMachine
    {
        private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[8]);
        private long total;
        private long digest;

        @Override
        public void onCommand(final Command command, final CommandContext context)
        {
            total += command.payload().getLong(command.payloadOffset());
            digest = digest * 31 + total;
            scratch.putLong(0, total);
            context.emitEvent(scratch, 0, 8);
            context.respond(scratch, 0, 8);
        }

        @Override
        public void onAlarm(
            final long alarmId, final long deadlineNs, final DirectBuffer metadata, final int metadataOffset,
            final int metadataLength, final CommandContext context)
        {
        }

        @Override
        public int snapshotFormatVersion()
        {
            return 1;
        }

        @Override
        public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
        {
            buffer.putLong(offset, total);
            buffer.putLong(offset + 8, digest);
            return 16;
        }

        @Override
        public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length, final int formatVersion)
        {
            total = buffer.getLong(offset);
            digest = buffer.getLong(offset + 8);
        }

        @Override
        public long stateDigest()
        {
            return digest;
        }
    }

    private static final class TotalReadModel implements Projection
    {
        private long count;
        private long total;
        private long digest;

        @Override
        public String name()
        {
            return "totals";
        }

        @Override
        public void onEvent(final long position, final DirectBuffer buffer, final int offset, final int length)
        {
            count++;
            total = buffer.getLong(offset);
            digest = digest * 31 + total;
        }

        @Override
        public int onQuery(
            final DirectBuffer query, final int offset, final int length, final MutableDirectBuffer response,
            final int responseOffset)
        {
            response.putLong(responseOffset, count);
            response.putLong(responseOffset + 8, total);
            response.putLong(responseOffset + 16, digest);
            return 24;
        }

        @Override
        public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
        {
            buffer.putLong(offset, count);
            buffer.putLong(offset + 8, total);
            buffer.putLong(offset + 16, digest);
            return 24;
        }

        @Override
        public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
        {
            count = buffer.getLong(offset);
            total = buffer.getLong(offset + 8);
            digest = buffer.getLong(offset + 16);
        }

        @Override
        public long digest()
        {
            return digest;
        }
    }
}
