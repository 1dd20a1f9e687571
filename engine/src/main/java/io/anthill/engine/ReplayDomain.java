package io.anthill.engine;

import java.util.List;

/**
 * A business domain that offline tools can rebuild by name: its state machine and its read models for one
 * partition. The operator's replay tool finds implementations with {@link java.util.ServiceLoader}, so a domain module
 * only lists its class in {@code META-INF/services/io.anthill.engine.ReplayDomain} and the tool needs no compile-time
 * dependency on it; the replay then runs the very classes a live partition runs.
 */
public interface ReplayDomain
{
    /**
     * @return the name the tool is given ({@code --domain NAME}); lower case, stable.
     */
    String name();

    /**
     * @param partitionId the partition whose journal is replayed.
     * @return a fresh state machine for that partition, configured as the live node configures it.
     */
    StateMachine newStateMachine(int partitionId);

    /**
     * @param partitionId the partition whose journal is replayed.
     * @return fresh read models for that partition, every one the domain has, in the live node's order.
     */
    List<Projection> newProjections(int partitionId);
}
