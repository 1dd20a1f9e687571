package io.anthill.perf.replay;

/**
 * A replay that cannot go on for a reason the operator can fix; its message says what to do. The tool prints it and
 * exits non-zero, without a stack trace.
 */
final class ReplayException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    ReplayException(final String message)
    {
        super(message);
    }
}
