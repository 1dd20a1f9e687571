package io.anthill.engine;

import com.lmax.disruptor.EventHandler;

/**
 * The response egress stage: hands each applied client command's outcome to the {@link ResponseSink}, in op order.
 * Replayed and replicated entries are skipped: their clients were, or will be, answered by the node that accepted
 * them. This is where side effects are suppressed during replay.
 */
final class ResponseEgressHandler implements EventHandler<PartitionEvent>
{
    private final ResponseSink sink;

    ResponseEgressHandler(final ResponseSink sink)
    {
        this.sink = sink;
    }

    @Override
    public void onEvent(final PartitionEvent event, final long sequence, final boolean endOfBatch)
    {
        if (!event.source.answersClient())
        {
            return;
        }
        final ApplyOutput output = event.output;
        switch (output.kind())
        {
            case RESPONSE:
                sink.onResponse(output.sessionId(), output.requestId(), output.position(), output.response(), 0,
                    output.responseLength());
                break;
            case REJECTED:
                sink.onRejected(output.sessionId(), output.requestId(), output.position(), output.errorCode());
                break;
            case NONE:
                break;
            default:
                throw new IllegalStateException("unknown outcome " + output.kind());
        }
    }
}
