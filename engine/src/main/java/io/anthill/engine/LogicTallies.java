package io.anthill.engine;

/**
 * Plain running totals kept by the deterministic core on its own thread; the business-logic stage copies them to
 * the partition's counters at the end of each batch, so the core itself never touches shared memory.
 */
final class LogicTallies
{
    long entriesApplied;
    long duplicates;
    long requestsTooOld;
    long sessionsEvicted;
    long alarmsFired;
    long timerTicks;
    long stateMachineErrors;
}
