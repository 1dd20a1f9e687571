package io.anthill.engine;

import io.anthill.codecs.client.ErrorCode;

/**
 * Maps the int stored in the session table back to the client-protocol {@link ErrorCode} without allocating.
 */
final class ErrorCodes
{
    private ErrorCodes()
    {
    }

    static ErrorCode of(final int value)
    {
        final ErrorCode code = ErrorCode.get(value);
        if (code == ErrorCode.NULL_VAL)
        {
            throw new IllegalStateException("unknown error code in session table: " + value);
        }
        return code;
    }
}
