package io.anthill.engine.node;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StableHashTest
{
    @Test
    void shouldComputeThePublishedFnv1a64VectorsUnderTheFinalizer()
    {
        assertEquals(0xcbf29ce484222325L, fnv(""));
        assertEquals(0xaf63dc4c8601ec8cL, fnv("a"));
        assertEquals(0x85944171f73967e8L, fnv("foobar"));
    }

    @Test
    void shouldKeepVersionOneHashesAndPartitionsFixedForever()
    {
        assertEquals(1, StableHash.VERSION);
        assertVector("", 0xefd01f60ba992926L, 6, 1, 294);
        assertVector("a", 0x82a2a958a9bece5bL, 11, 1, 603);
        assertVector("foobar", 0x2c22194922d1672bL, 11, 3, 811);
        assertVector("account-42", 0x202c0b38478c135fL, 15, 2, 863);
        assertVector("user:1001", 0xa4c6bfa8864faf62L, 2, 2, 866);
        assertVector("\u00fcn\u00efc\u00f8d\u00e9", 0xc4b3c4ebf61bc14dL, 13, 0, 333);
    }

    @Test
    void shouldHashABufferRegionLikeTheSameBytesAlone()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer("xxaccount-42yy".getBytes(StandardCharsets.UTF_8));
        assertEquals(StableHash.hash("account-42"), StableHash.hash(buffer, 2, 10));
    }

    @Test
    void shouldRefuseANonPositivePartitionCount()
    {
        assertThrows(IllegalArgumentException.class, () -> StableHash.partitionOf(1, 0));
    }

    private static void assertVector(final String key, final long hash, final int of16, final int of7, final int of1024)
    {
        assertEquals(hash, StableHash.hash(key), key);
        assertEquals(of16, StableHash.partitionOf(hash, 16), key);
        assertEquals(of7, StableHash.partitionOf(hash, 7), key);
        assertEquals(of1024, StableHash.partitionOf(hash, 1024), key);
    }

    private static long fnv(final String key)
    {
        final byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return StableHash.fnv1a64(new UnsafeBuffer(bytes), 0, bytes.length);
    }
}
