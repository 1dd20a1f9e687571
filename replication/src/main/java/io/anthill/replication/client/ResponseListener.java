package io.anthill.replication.client;

import io.anthill.codecs.client.ErrorCode;
import org.agrona.DirectBuffer;

/**
 * Receives the outcome of every request an {@link AnthillClient} accepted, on the thread that calls
 * {@link AnthillClient#poll}: exactly one call per request id, either an answer or a typed failure, so a caller can
 * account for every request it made.
 */
public interface ResponseListener
{
    /**
     * A write was applied (once, even if it was sent several times).
     *
     * @param requestId   the id {@link AnthillClient#submit} returned.
     * @param partitionId its partition.
     * @param position    its op number in the partition's log.
     * @param buffer      holds the state machine's response, valid only during the call.
     * @param offset      where it starts.
     * @param length      its length.
     */
    void onCommandResponse(long requestId, int partitionId, long position, DirectBuffer buffer, int offset, int length);

    /**
     * A read was answered.
     *
     * @param requestId   the id {@link AnthillClient#query} returned.
     * @param partitionId its partition.
     * @param position    the op the read model had applied when it answered.
     * @param buffer      holds the answer, valid only during the call.
     * @param offset      where it starts.
     * @param length      its length.
     */
    void onQueryResponse(long requestId, int partitionId, long position, DirectBuffer buffer, int offset, int length);

    /**
     * A request ended without an answer: {@link ErrorCode#TIMEOUT} when no replica answered within the request
     * timeout (the write may or may not have been applied), or the code of a definitive refusal (for example
     * {@link ErrorCode#REQUEST_TOO_OLD}, {@link ErrorCode#PAYLOAD_TOO_LARGE}, {@link ErrorCode#UNKNOWN_QUERY}), in
     * which case nothing was applied.
     *
     * @param requestId   the request.
     * @param partitionId its partition.
     * @param code        why.
     */
    void onFailure(long requestId, int partitionId, ErrorCode code);
}
