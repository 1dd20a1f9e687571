package io.anthill.replication.sim;

import java.util.EnumSet;
import java.util.Locale;

/**
 * The faults the simulator injects; each seed picks a probability for every enabled one. STEP_DOWN is not a fault
 * but an operator's planned hand-over of a primary, scheduled the same way (in about half of the seeds).
 */
enum FaultType
{
    DROP, DELAY, REORDER, DUPLICATE, PARTITION, ASYMMETRIC_PARTITION, CRASH, GROUP_RESTART, PAUSE, TORN_WRITE, BIT_FLIP, DISK_FULL,
    SLOW_FSYNC, CLOCK_SKEW, CLOCK_JUMP, STEP_DOWN;

    static EnumSet<FaultType> parse(final String list)
    {
        if (list == null || list.isEmpty() || "all".equalsIgnoreCase(list))
        {
            return EnumSet.allOf(FaultType.class);
        }
        if ("none".equalsIgnoreCase(list))
        {
            return EnumSet.noneOf(FaultType.class);
        }
        final EnumSet<FaultType> faults = EnumSet.noneOf(FaultType.class);
        for (final String name : list.split(","))
        {
            faults.add(FaultType.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
        }
        return faults;
    }
}
