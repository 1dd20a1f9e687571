package io.anthill.engine;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * A 64-bit running digest for comparing states (replicas, replays). Not cryptographic: it needs to tell different
 * states apart in tests and audits, cheaply and identically on every JVM.
 */
final class StateDigest
{
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

    private StateDigest()
    {
    }

    static long mix(final long digest, final long value)
    {
        long h = (digest ^ value) * MULTIPLIER;
        h ^= h >>> 32;
        return h * MULTIPLIER;
    }

    static long mixBytes(final long digest, final DirectBuffer buffer, final int offset, final int length)
    {
        long h = mix(digest, length);
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            h = mix(h, buffer.getLong(offset + i, ByteOrder.LITTLE_ENDIAN));
        }
        for (; i < length; i++)
        {
            h = mix(h, buffer.getByte(offset + i));
        }
        return h;
    }
}
