package io.anthill.example.trading;

/**
 * The 64-bit mixing that every digest of this package is built from. Two ways to combine: {@link #chain} when the
 * order of items is part of the state (a FIFO queue, the trade tape), and a plain sum of {@link #ofItem} results
 * when it is not (hash-map contents), so that a map rebuilt in another insertion order still digests the same.
 */
final class Digests
{
    private Digests()
    {
    }

    static long chain(final long digest, final long value)
    {
        return InstrumentPartitioner.mix(digest * 31 + value);
    }

    static long ofItem(final long a, final long b, final long c, final long d)
    {
        return termOf(prefixOf(a, b), c, d);
    }

    /**
     * The part of {@link #ofItem} that depends on its first two values only: a read model whose items keep those two
     * (an account and asset, an order's identity) caches it and chains the changing values on, which gives the same
     * term with half the mixing.
     */
    static long prefixOf(final long a, final long b)
    {
        return chain(chain(17, a), b);
    }

    /**
     * The rest of {@link #ofItem}: the changing values chained on a cached {@link #prefixOf}.
     */
    static long termOf(final long prefix, final long c, final long d)
    {
        return chain(chain(prefix, c), d);
    }
}
