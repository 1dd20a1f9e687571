package io.anthill.engine;

/**
 * What the session table says about a request before it is applied.
 */
enum DedupVerdict
{
    /** Never seen: apply it. */
    NEW,
    /** Seen and remembered: answer with the remembered outcome, do not apply. */
    DUPLICATE,
    /** Not newer than the session's highest request and no longer remembered: refuse with REQUEST_TOO_OLD. */
    TOO_OLD
}
