package io.anthill.engine.node;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialCheckTest
{
    private static final byte[] EXPECTED = ClientFrames.bytes("0123456789abcdef");

    @Test
    void shouldMatchOnlyTheSameBytesOfTheSameLength()
    {
        assertTrue(matches("0123456789abcdef"));
        assertFalse(matches("0123456789abcdeF"), "last byte differs");
        assertFalse(matches("X123456789abcdef"), "first byte differs");
        assertFalse(matches("0123456789abcde"), "a prefix");
        assertFalse(matches("0123456789abcdef0"), "longer");
        assertFalse(matches(""), "empty");
    }

    @Test
    void shouldRefuseAPresentedCredentialOverTheLimitWithoutComparing()
    {
        final UnsafeBuffer huge = new UnsafeBuffer(new byte[NodeConfiguration.CREDENTIAL_LENGTH_MAX + 1]);
        huge.putBytes(0, EXPECTED);
        assertFalse(CredentialCheck.matches(EXPECTED, huge, 0, huge.capacity()));
        assertFalse(CredentialCheck.matches(EXPECTED, huge, 0, -1));
    }

    private static boolean matches(final String presented)
    {
        final byte[] bytes = ClientFrames.bytes("..." + presented);
        return CredentialCheck.matches(EXPECTED, new UnsafeBuffer(bytes), 3, bytes.length - 3);
    }
}
