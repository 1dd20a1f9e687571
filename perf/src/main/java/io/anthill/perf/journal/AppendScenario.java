package io.anthill.perf.journal;

import io.anthill.journal.DurabilityPolicy;

/**
 * One append-latency run: a durability policy, how many appends make a batch (one endBatch), and the body size.
 *
 * @param name        the label in the report.
 * @param policy      the journal's durability policy.
 * @param batchSize   appends per {@code endBatch()}.
 * @param bodyLength  body bytes per entry.
 * @param warmupCount entries appended before measuring, to warm the JIT and map the first chunks.
 * @param entryCount  entries measured.
 */
record AppendScenario(
    String name, DurabilityPolicy policy, int batchSize, int bodyLength, int warmupCount, int entryCount)
{
}
