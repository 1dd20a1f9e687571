package io.anthill.engine;

import org.agrona.ExpandableArrayBuffer;

/**
 * One client session in the dedup table: the highest request id applied and the outcomes of the most recent
 * requests, in a small circular array of pre-allocated slots. Linked into the table's least-recently-active list.
 */
final class SessionRecord
{
    private static final int INITIAL_RESPONSE_CAPACITY = 64;

    final long[] requestIds;
    final long[] positions;
    final int[] errorCodes;
    final int[] responseLengths;
    final ExpandableArrayBuffer[] responses;
    long sessionId;
    long highestRequestId;
    long lastActiveOp;
    long recordedCount;
    SessionRecord older;
    SessionRecord newer;

    SessionRecord(final int responsesPerSession)
    {
        requestIds = new long[responsesPerSession];
        positions = new long[responsesPerSession];
        errorCodes = new int[responsesPerSession];
        responseLengths = new int[responsesPerSession];
        responses = new ExpandableArrayBuffer[responsesPerSession];
        for (int i = 0; i < responsesPerSession; i++)
        {
            responses[i] = new ExpandableArrayBuffer(INITIAL_RESPONSE_CAPACITY);
        }
    }

    void reset(final long sessionId)
    {
        this.sessionId = sessionId;
        highestRequestId = Long.MIN_VALUE;
        lastActiveOp = 0;
        recordedCount = 0;
        older = null;
        newer = null;
    }

    int rememberedCount()
    {
        return (int)Math.min(recordedCount, requestIds.length);
    }

    /**
     * @param age 0 for the oldest remembered outcome, up to {@link #rememberedCount()} - 1 for the newest.
     * @return the slot holding it.
     */
    int slotOfAge(final int age)
    {
        return (int)((recordedCount - rememberedCount() + age) % requestIds.length);
    }

    int findSlot(final long requestId)
    {
        final int remembered = rememberedCount();
        for (int age = 0; age < remembered; age++)
        {
            final int slot = slotOfAge(age);
            if (requestIds[slot] == requestId)
            {
                return slot;
            }
        }
        return -1;
    }

    int nextSlot()
    {
        return (int)(recordedCount++ % requestIds.length);
    }
}
