package io.anthill.journal;

/**
 * What {@link Journal#open(JournalContext)} found while verifying the log; the engine logs it once at start-up.
 *
 * @param documents             Chronicle documents scanned (entries, markers and excluded ones).
 * @param entries               surviving entries (the log the journal serves).
 * @param firstOp               first surviving op, or lastOp + 1 when there is none.
 * @param lastOp                last surviving op, 0 for an empty journal.
 * @param lastView              view of lastOp, 0 for an empty journal.
 * @param supersededEntries     entries on disk replaced by a suffix replacement (SuffixTruncated markers).
 * @param truncationMarkers     SuffixTruncated markers found.
 * @param sealedTornTails       torn tails found and sealed by an earlier open, skipped now.
 * @param tornTailDetected      whether the last document was torn (bad checksum or framing); it was excluded and
 *                              sealed with a marker so that appends continue after the last good entry.
 * @param tornTailDescription   what was wrong with the torn tail, empty when none.
 */
public record JournalRecoveryReport(
    long documents,
    long entries,
    long firstOp,
    long lastOp,
    long lastView,
    long supersededEntries,
    long truncationMarkers,
    long sealedTornTails,
    boolean tornTailDetected,
    String tornTailDescription)
{
}
