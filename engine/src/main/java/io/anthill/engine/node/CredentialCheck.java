package io.anthill.engine.node;

import org.agrona.DirectBuffer;

/**
 * Compares a presented credential with the expected one in time that depends only on the expected one's length,
 * so timing tells an attacker nothing about how many leading bytes were right.
 */
final class CredentialCheck
{
    private CredentialCheck()
    {
    }

    static boolean matches(final byte[] expected, final DirectBuffer presented, final int offset, final int length)
    {
        if (length < 0 || length > NodeConfiguration.CREDENTIAL_LENGTH_MAX)
        {
            return false;
        }
        int difference = expected.length ^ length;
        for (int i = 0; i < expected.length; i++)
        {
            final byte given = i < length ? presented.getByte(offset + i) : 0;
            difference |= expected[i] ^ given;
        }
        return 0 == difference;
    }
}
