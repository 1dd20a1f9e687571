package io.anthill.replication.client;

import java.util.ArrayList;
import java.util.List;

import io.anthill.codecs.client.ErrorCode;
import org.agrona.DirectBuffer;

/**
 * A {@link ResponseListener} for tests: one line per outcome ({@code "7 answered"}, {@code "8 read"},
 * {@code "9 failed TIMEOUT"}), in the order the client reported them, on the polling thread.
 */
public final class OutcomeRecorder implements ResponseListener
{
    /** The outcomes so far. */
    public final List<String> outcomes = new ArrayList<>();

    @Override
    public void onCommandResponse(
        final long requestId, final int partitionId, final long position, final DirectBuffer buffer, final int offset,
        final int length)
    {
        outcomes.add(requestId + " answered");
    }

    @Override
    public void onQueryResponse(
        final long requestId, final int partitionId, final long position, final DirectBuffer buffer, final int offset,
        final int length)
    {
        outcomes.add(requestId + " read");
    }

    @Override
    public void onFailure(final long requestId, final int partitionId, final ErrorCode code)
    {
        outcomes.add(requestId + " failed " + code);
    }
}
