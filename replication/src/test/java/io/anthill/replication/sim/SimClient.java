package io.anthill.replication.sim;

import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A client session of one group: one request outstanding at a time, sent to the replica it believes is primary,
 * following redirects and retrying on timeout with the same (session, request) id, as the real client library
 * will. Every invocation and completion goes into the history the checker examines.
 */
final class SimClient
{
    static final long TIMEOUT_NS = 300_000_000L;
    static final long THINK_NS_MAX = 30_000_000L;

    /** A request on the wire. */
    static final class Request
    {
        final SimClient client;
        final long requestId;
        final byte[] payload;

        Request(final SimClient client, final long requestId, final byte[] payload)
        {
            this.client = client;
            this.requestId = requestId;
            this.payload = payload;
        }
    }

    /** A reply on the wire. */
    static final class Reply
    {
        static final int OK = 0;
        static final int REDIRECT = 1;
        static final int RETRY = 2;
        final long requestId;
        final int kind;
        final int primaryHint;
        final byte[] response;

        Reply(final long requestId, final int kind, final int primaryHint, final byte[] response)
        {
            this.requestId = requestId;
            this.kind = kind;
            this.primaryHint = primaryHint;
            this.response = response;
        }
    }

    final int group;
    final long sessionId;
    private final Simulation sim;
    private final SplittableRandom random;
    private final int replicas;
    private final int accounts;
    private long requestId;
    private byte[] payload;
    private long invokeNs;
    private boolean outstanding;
    private int target;
    private int attempt;
    private long completed;

    SimClient(final Simulation sim, final SplittableRandom random, final int group, final long sessionId, final int replicas,
        final int accounts)
    {
        this.sim = sim;
        this.random = random;
        this.group = group;
        this.sessionId = sessionId;
        this.replicas = replicas;
        this.accounts = accounts;
    }

    boolean isOutstanding()
    {
        return outstanding;
    }

    long completed()
    {
        return completed;
    }

    long requestId()
    {
        return requestId;
    }

    long invokeNs()
    {
        return invokeNs;
    }

    void start()
    {
        scheduleNext();
    }

    private void scheduleNext()
    {
        final long at = sim.nowNs() + 1 + random.nextLong(THINK_NS_MAX);
        if (at < sim.clientStopNs())
        {
            sim.schedule(at, "invoke", group, sessionId, this::invoke);
        }
    }

    private void invoke()
    {
        requestId++;
        payload = randomCommand();
        invokeNs = sim.nowNs();
        outstanding = true;
        attempt = 0;
        sim.history().invoked(group, sessionId, requestId, invokeNs, payload);
        send();
    }

    private byte[] randomCommand()
    {
        final byte[] bytes = new byte[BankStateMachine.PAYLOAD_LENGTH];
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final int pick = random.nextInt(10);
        final byte kind = pick < 2 ? BankStateMachine.DEPOSIT : pick < 7 ? BankStateMachine.TRANSFER : BankStateMachine.BALANCE;
        buffer.putByte(0, kind);
        buffer.putInt(1, random.nextInt(accounts));
        buffer.putInt(5, random.nextInt(accounts));
        buffer.putLong(9, 1 + random.nextLong(kind == BankStateMachine.TRANSFER ? 600 : 100));
        return bytes;
    }

    private void send()
    {
        attempt++;
        final int sentAttempt = attempt;
        sim.network().clientToReplica(group, target, new Request(this, requestId, payload));
        sim.schedule(sim.nowNs() + TIMEOUT_NS, "timeout", group, sessionId, () -> onTimeout(sentAttempt));
    }

    private void onTimeout(final int sentAttempt)
    {
        if (outstanding && sentAttempt == attempt)
        {
            target = (target + 1) % replicas;
            send();
        }
    }

    void onReply(final Reply reply)
    {
        if (!outstanding || reply.requestId != requestId)
        {
            return;
        }
        switch (reply.kind)
        {
            case Reply.OK:
                outstanding = false;
                completed++;
                sim.history().completed(group, sessionId, requestId, sim.nowNs(), reply.response);
                scheduleNext();
                break;
            case Reply.REDIRECT:
                if (reply.primaryHint != target)
                {
                    target = reply.primaryHint;
                    final int redirectedAttempt = ++attempt;
                    sim.schedule(sim.nowNs() + 1_000_000L, "redirect", group, sessionId, () ->
                    {
                        if (outstanding && redirectedAttempt == attempt)
                        {
                            send();
                        }
                    });
                }
                break;
            case Reply.RETRY:
            default:
                break; // the timeout retries
        }
    }
}
