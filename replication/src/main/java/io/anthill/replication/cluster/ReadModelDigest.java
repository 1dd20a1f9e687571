package io.anthill.replication.cluster;

/**
 * A live replica's read model as its host reported it: its name, the op it reflects, and its digest there. Each read
 * model runs on its own thread, so each is at its own op.
 *
 * @param name     the read model's name.
 * @param position the op it had applied when asked.
 * @param digest   its {@code Projection.digest()} at that op.
 */
public record ReadModelDigest(String name, long position, long digest)
{
}
