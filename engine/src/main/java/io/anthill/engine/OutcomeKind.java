package io.anthill.engine;

/**
 * What applying one entry produced for the client that sent it.
 */
enum OutcomeKind
{
    /** No client is waiting: a timer tick, a control entry. */
    NONE,
    /** A response (fresh, or remembered for a retry). */
    RESPONSE,
    /** A typed refusal: too old, or the state machine failed. */
    REJECTED
}
