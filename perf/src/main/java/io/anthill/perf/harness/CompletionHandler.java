package io.anthill.perf.harness;

import io.anthill.codecs.client.ErrorCode;

/**
 * Receives a {@link LoadTarget}'s responses. The generator implements it; targets only call it.
 *
 * <p>A response for a correlation id the generator no longer waits for (already answered, or given up on) is counted
 * as unmatched, never recorded twice.
 */
public interface CompletionHandler
{
    /**
     * A request was served.
     *
     * @param correlationId the id it was sent with.
     * @param responseTimeNs when the response arrived, on the generator's clock.
     */
    void onSuccess(long correlationId, long responseTimeNs);

    /**
     * A request was refused with a typed error from the client protocol (nothing was applied).
     *
     * @param correlationId the id it was sent with.
     * @param errorCode why, as the cluster said it.
     * @param responseTimeNs when the response arrived, on the generator's clock.
     */
    void onError(long correlationId, ErrorCode errorCode, long responseTimeNs);
}
