package io.anthill.engine.node;

import io.anthill.codecs.client.ErrorCode;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * The statistics of a node's client ingress and control plane as Agrona counters, so an outside tool reading the
 * counters buffer sees every refusal by its {@link ErrorCode} without touching the process. Shared by every ingress
 * of the node, so each counter is incremented atomically.
 */
public final class IngressCounters implements AutoCloseable
{
    final AtomicCounter framesReceived;
    final AtomicCounter commandsAccepted;
    final AtomicCounter queriesAccepted;
    final AtomicCounter sessionsConnected;
    final AtomicCounter shedOnQueueDelay;
    final AtomicCounter controlRequests;
    final AtomicCounter ingressErrors;
    private final AtomicCounter[] refusedByCode;

    IngressCounters(final CountersManager manager, final int hostIndex)
    {
        final String prefix = "anthill " + ReplicaPlacement.hostName(hostIndex) + " ingress: ";
        framesReceived = manager.newCounter(prefix + "frames received");
        commandsAccepted = manager.newCounter(prefix + "commands accepted");
        queriesAccepted = manager.newCounter(prefix + "queries accepted");
        sessionsConnected = manager.newCounter(prefix + "sessions connected");
        shedOnQueueDelay = manager.newCounter(prefix + "writes shed, queueing delay over SLA");
        controlRequests = manager.newCounter(prefix + "control requests served");
        ingressErrors = manager.newCounter(prefix + "unexpected errors (bugs) contained");
        int maxCode = 0;
        for (final ErrorCode code : ErrorCode.values())
        {
            maxCode = code == ErrorCode.NULL_VAL ? maxCode : Math.max(maxCode, code.value());
        }
        refusedByCode = new AtomicCounter[maxCode + 1];
        for (final ErrorCode code : ErrorCode.values())
        {
            if (code != ErrorCode.NULL_VAL)
            {
                refusedByCode[code.value()] = manager.newCounter(prefix + "refused " + code.name());
            }
        }
    }

    void countRefusal(final ErrorCode code)
    {
        refusedByCode[code.value()].increment();
    }

    /**
     * @param code an error code.
     * @return requests refused with it, by every ingress and the control plane of the node.
     */
    public long refused(final ErrorCode code)
    {
        return refusedByCode[code.value()].get();
    }

    /** @return frames the ingress and control plane received. */
    public long framesReceived()
    {
        return framesReceived.get();
    }

    /** @return commands handed to a partition's ring. */
    public long commandsAccepted()
    {
        return commandsAccepted.get();
    }

    /** @return reads handed to a read model. */
    public long queriesAccepted()
    {
        return queriesAccepted.get();
    }

    /** @return writes refused because the partition's queueing delay was over the SLA. */
    public long shedOnQueueDelay()
    {
        return shedOnQueueDelay.get();
    }

    /** @return control requests served. */
    public long controlRequests()
    {
        return controlRequests.get();
    }

    /** @return unexpected exceptions caught at the ingress boundary (each a bug, reported once). */
    public long ingressErrors()
    {
        return ingressErrors.get();
    }

    /** @return the sum of every refusal count. */
    public long refusedTotal()
    {
        long total = 0;
        for (final AtomicCounter counter : refusedByCode)
        {
            total += null == counter ? 0 : counter.get();
        }
        return total;
    }

    @Override
    public void close()
    {
        framesReceived.close();
        commandsAccepted.close();
        queriesAccepted.close();
        sessionsConnected.close();
        shedOnQueueDelay.close();
        controlRequests.close();
        ingressErrors.close();
        for (final AtomicCounter counter : refusedByCode)
        {
            if (null != counter)
            {
                counter.close();
            }
        }
    }
}
