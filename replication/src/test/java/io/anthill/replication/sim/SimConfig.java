package io.anthill.replication.sim;

import java.util.EnumSet;

/**
 * The shape of one simulated run; everything random inside it comes from the seed.
 */
final class SimConfig
{
    long seed;
    int groups = 2;
    int replicas = 3;
    int clientsPerGroup = 3;
    int accounts = 8;
    long faultPhaseNs = 10_000_000_000L;
    long clientQuietNs = 8_000_000_000L;
    long settleNs = 12_000_000_000L;
    long livenessBoundNs = 8_000_000_000L;
    EnumSet<FaultType> faults = EnumSet.allOf(FaultType.class);
    io.anthill.replication.core.ProtocolDefect defect = io.anthill.replication.core.ProtocolDefect.NONE;
    boolean keepTraceText = true;
    boolean verbose;
    /** Test only: logs that skip their checksum (a deliberately broken variant the run must catch). */
    boolean logSkipsChecksum;

    SimConfig seed(final long seed)
    {
        this.seed = seed;
        return this;
    }

    long endNs()
    {
        return faultPhaseNs + settleNs;
    }

    SimConfig copy()
    {
        final SimConfig copy = new SimConfig();
        copy.seed = seed;
        copy.groups = groups;
        copy.replicas = replicas;
        copy.clientsPerGroup = clientsPerGroup;
        copy.accounts = accounts;
        copy.faultPhaseNs = faultPhaseNs;
        copy.clientQuietNs = clientQuietNs;
        copy.settleNs = settleNs;
        copy.livenessBoundNs = livenessBoundNs;
        copy.faults = EnumSet.copyOf(faults);
        copy.defect = defect;
        copy.keepTraceText = keepTraceText;
        copy.verbose = verbose;
        copy.logSkipsChecksum = logSkipsChecksum;
        return copy;
    }
}
