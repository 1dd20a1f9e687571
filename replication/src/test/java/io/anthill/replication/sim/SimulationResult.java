package io.anthill.replication.sim;

import java.util.List;
import java.util.Map;

/**
 * What one run found: pass or the violations, with everything needed to reproduce and read a failure.
 */
final class SimulationResult
{
    final SimConfig config;
    final boolean passed;
    final List<String> violations;
    final long simulatedNs;
    final long traceHash;
    final long events;
    final List<String> faultSchedule;
    final List<String> lastEvents;
    final Map<FaultType, Long> faultsInjected;
    final long acknowledged;
    final long viewChanges;
    final long snapshotsInstalled;

    SimulationResult(final SimConfig config, final boolean passed, final List<String> violations, final long simulatedNs,
        final Trace trace, final Map<FaultType, Long> faultsInjected, final long acknowledged, final long viewChanges,
        final long snapshotsInstalled)
    {
        this.config = config;
        this.passed = passed;
        this.violations = violations;
        this.simulatedNs = simulatedNs;
        this.traceHash = trace.hash();
        this.events = trace.events();
        this.faultSchedule = trace.faults();
        this.lastEvents = trace.lastEvents();
        this.faultsInjected = faultsInjected;
        this.acknowledged = acknowledged;
        this.viewChanges = viewChanges;
        this.snapshotsInstalled = snapshotsInstalled;
    }

    /**
     * @return the failure report: seed, how to replay, violations, fault schedule and the last trace events.
     */
    String report()
    {
        final StringBuilder out = new StringBuilder();
        out.append("seed ").append(config.seed).append(passed ? " PASSED" : " FAILED").append(" (replay: scripts/simulate --seed ")
            .append(config.seed).append(" --replicas ").append(config.replicas).append(")\n");
        for (final String violation : violations)
        {
            out.append("  violation: ").append(violation).append('\n');
        }
        out.append("  fault schedule:\n");
        for (final String fault : faultSchedule)
        {
            out.append("    ").append(fault).append('\n');
        }
        out.append("  last events:\n");
        for (final String event : lastEvents)
        {
            out.append("    ").append(event).append('\n');
        }
        return out.toString();
    }

    String summaryLine()
    {
        return String.format("seed %d %s: %.1f s simulated, %d events, %d acks, %d view changes, %d snapshots installed, trace %016x",
            config.seed, passed ? "ok" : "FAILED", simulatedNs / 1e9, events, acknowledged, viewChanges, snapshotsInstalled, traceHash);
    }
}
