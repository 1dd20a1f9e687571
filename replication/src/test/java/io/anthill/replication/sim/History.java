package io.anthill.replication.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The clients' history and the linearizability check. All operations of a group pass through its log, so the
 * committed log is the witness order: the history is linearizable if (1) every acknowledged operation appears in
 * the committed log, (2) its response equals what a fresh sequential bank model answers when the log is replayed
 * in order with the same dedup, and (3) the log order respects real time: an operation that completed before
 * another was invoked sits earlier in the log.
 */
final class History
{
    /** One client operation. */
    static final class Operation
    {
        final long sessionId;
        final long requestId;
        final long invokeNs;
        final byte[] payload;
        long completeNs = Long.MAX_VALUE;
        byte[] response;

        Operation(final long sessionId, final long requestId, final long invokeNs, final byte[] payload)
        {
            this.sessionId = sessionId;
            this.requestId = requestId;
            this.invokeNs = invokeNs;
            this.payload = payload;
        }
    }

    private final List<Map<String, Operation>> byGroup = new ArrayList<>();
    private final List<List<Operation>> ordered = new ArrayList<>();

    History(final int groups)
    {
        for (int g = 0; g < groups; g++)
        {
            byGroup.add(new HashMap<>());
            ordered.add(new ArrayList<>());
        }
    }

    private static String key(final long sessionId, final long requestId)
    {
        return sessionId + ":" + requestId;
    }

    void invoked(final int group, final long sessionId, final long requestId, final long invokeNs, final byte[] payload)
    {
        final Operation op = new Operation(sessionId, requestId, invokeNs, payload);
        byGroup.get(group).put(key(sessionId, requestId), op);
        ordered.get(group).add(op);
    }

    void completed(final int group, final long sessionId, final long requestId, final long completeNs, final byte[] response)
    {
        final Operation op = byGroup.get(group).get(key(sessionId, requestId));
        op.completeNs = completeNs;
        op.response = response;
    }

    long completedCount()
    {
        long count = 0;
        for (final List<Operation> ops : ordered)
        {
            for (final Operation op : ops)
            {
                count += op.response != null ? 1 : 0;
            }
        }
        return count;
    }

    long completedAfter(final int group, final long invokedAfterNs)
    {
        long count = 0;
        for (final Operation op : ordered.get(group))
        {
            count += op.response != null && op.invokeNs >= invokedAfterNs ? 1 : 0;
        }
        return count;
    }

    /**
     * @param committed the group's committed log bodies, op 1 first.
     * @return the violations found, empty when linearizable.
     */
    List<String> check(final int group, final List<byte[]> committed, final int accounts)
    {
        final List<String> violations = new ArrayList<>();
        final AppliedLedger model = new AppliedLedger(accounts);
        final Map<String, Long> position = new HashMap<>();
        final Map<String, byte[]> modelResponse = new HashMap<>();
        for (int i = 0; i < committed.size(); i++)
        {
            final AppliedLedger.Outcome outcome = model.apply(i + 1, 0, committed.get(i));
            if (!outcome.duplicate)
            {
                final String k = key(outcome.sessionId, outcome.requestId);
                position.put(k, (long)(i + 1));
                modelResponse.put(k, outcome.response.clone());
            }
        }
        if (!model.bank().conserved())
        {
            violations.add("group " + group + ": bank model not conserved");
        }
        final List<Operation> applied = new ArrayList<>();
        for (final Operation op : ordered.get(group))
        {
            final String k = key(op.sessionId, op.requestId);
            final Long pos = position.get(k);
            if (op.response != null)
            {
                if (pos == null)
                {
                    violations.add("group " + group + ": acknowledged write lost: session " + op.sessionId + " request " + op.requestId);
                    continue;
                }
                if (!Arrays.equals(op.response, modelResponse.get(k)))
                {
                    violations.add("group " + group + ": response of session " + op.sessionId + " request " + op.requestId +
                        " at op " + pos + " differs from the sequential model");
                }
            }
            if (pos != null)
            {
                applied.add(op);
            }
        }
        checkRealTime(group, applied, position, violations);
        return violations;
    }

    private static void checkRealTime(final int group, final List<Operation> applied, final Map<String, Long> position,
        final List<String> violations)
    {
        applied.sort((a, b) -> Long.compare(position.get(key(a.sessionId, a.requestId)), position.get(key(b.sessionId, b.requestId))));
        long minCompleteAfter = Long.MAX_VALUE;
        Operation earliest = null;
        for (int i = applied.size() - 1; i >= 0; i--)
        {
            final Operation op = applied.get(i);
            if (minCompleteAfter < op.invokeNs)
            {
                violations.add("group " + group + ": real-time order broken: session " + earliest.sessionId + " request " +
                    earliest.requestId + " completed before session " + op.sessionId + " request " + op.requestId +
                    " was invoked but is later in the log");
                return;
            }
            if (op.completeNs < minCompleteAfter)
            {
                minCompleteAfter = op.completeNs;
                earliest = op;
            }
        }
    }
}
