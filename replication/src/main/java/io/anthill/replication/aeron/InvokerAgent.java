package io.anthill.replication.aeron;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;

/**
 * Runs the duty cycle of an Aeron part that has no thread of its own (a driver or a client conductor in invoker
 * mode) as one agent of a {@link org.agrona.concurrent.CompositeAgent}, so the thread that owns the I/O runs it.
 * It neither starts nor closes the invoker: its owner (the driver, the Aeron client) does.
 */
public final class InvokerAgent implements Agent
{
    private final AgentInvoker invoker;
    private final String roleName;

    public InvokerAgent(final AgentInvoker invoker, final String roleName)
    {
        if (null == invoker)
        {
            throw new IllegalArgumentException(roleName + " runs its own thread: nothing to invoke");
        }
        this.invoker = invoker;
        this.roleName = roleName;
    }

    @Override
    public int doWork()
    {
        return invoker.invoke();
    }

    @Override
    public String roleName()
    {
        return roleName;
    }
}
