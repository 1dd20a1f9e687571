package io.anthill.engine.node;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The hash that places a key in a partition: {@code partition = unsigned(stableHash(key)) mod partitionCount}.
 * Clients and every node must agree on it forever, so it is stated and versioned, and a test pins fixed vectors:
 * changing it moves every key and needs a data migration, so a new hash gets a new {@link #VERSION}.
 * <p>
 * Version 1: 64-bit FNV-1a over the key's bytes (offset basis {@code 0xcbf29ce484222325}, prime
 * {@code 0x100000001b3}), then the MurmurHash3 {@code fmix64} finalizer, because FNV-1a's low bits alone spread
 * short, similar keys poorly under a small modulus. A key is bytes; a text key is its UTF-8 encoding.
 */
public final class StableHash
{
    /** The version of the hash described above; sent by tools that compute placement outside the JVM. */
    public static final int VERSION = 1;

    static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    static final long FNV_PRIME = 0x100000001b3L;

    private StableHash()
    {
    }

    /**
     * @param key    holds the key.
     * @param offset where it starts.
     * @param length its length in bytes.
     * @return the version 1 hash of the key.
     */
    public static long hash(final DirectBuffer key, final int offset, final int length)
    {
        return fmix64(fnv1a64(key, offset, length));
    }

    /**
     * @param key a text key, hashed as UTF-8 (allocates: for tools and tests, not hot paths).
     * @return the version 1 hash of the key.
     */
    public static long hash(final String key)
    {
        final byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return hash(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    /**
     * @param hash           a {@link #hash} value.
     * @param partitionCount the number of partitions, fixed for the life of the deployment.
     * @return the partition, in {@code [0, partitionCount)}.
     */
    public static int partitionOf(final long hash, final int partitionCount)
    {
        if (partitionCount < 1)
        {
            throw new IllegalArgumentException("partitionCount must be >= 1, was " + partitionCount);
        }
        return (int)Long.remainderUnsigned(hash, partitionCount);
    }

    static long fnv1a64(final DirectBuffer key, final int offset, final int length)
    {
        long hash = FNV_OFFSET_BASIS;
        for (int i = offset, end = offset + length; i < end; i++)
        {
            hash ^= key.getByte(i) & 0xFF;
            hash *= FNV_PRIME;
        }
        return hash;
    }

    static long fmix64(final long value)
    {
        long k = value;
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
