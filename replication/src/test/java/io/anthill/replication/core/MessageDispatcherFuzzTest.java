package io.anthill.replication.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Truncated, garbled or random bytes never make a replica throw: the dispatcher drops and counts them.
 * (Replicas are not Byzantine: a well-formed message with wrong content is not what this covers.)
 */
class MessageDispatcherFuzzTest
{
    @Test
    void shouldDropTruncatedAndGarbledMessagesWithoutThrowing()
    {
        final ManualGroup group = new ManualGroup(3);
        group.submit(0, "seed entry");
        group.tickAll(ReplicaContext.ELECTION_TIMEOUT_NS_DEFAULT + 1, 0);
        final List<byte[]> samples = new ArrayList<>();
        group.inFlight.forEach(m -> samples.add(m.bytes));
        assertTrue(samples.size() >= 3);
        final SplittableRandom random = new SplittableRandom(1);
        final Replica target = new ManualGroup(3).replicas[2];
        for (int i = 0; i < 50_000; i++)
        {
            final byte[] sample = samples.get(random.nextInt(samples.size()));
            final byte[] bytes = mutate(sample, random);
            target.onMessage(i, new UnsafeBuffer(bytes), 0, bytes.length);
        }
        assertTrue(target.messagesDropped() > 0);
    }

    private static byte[] mutate(final byte[] sample, final SplittableRandom random)
    {
        switch (random.nextInt(3))
        {
            case 0:
                return java.util.Arrays.copyOf(sample, random.nextInt(sample.length + 1));
            case 1:
                final byte[] random1 = new byte[random.nextInt(200)];
                random.nextBytes(random1);
                if (random1.length > 6)
                {
                    random1[4] = 4; // right schema id, so the body decoders see garbage
                    random1[5] = 0;
                }
                return random1;
            default:
                final byte[] flipped = sample.clone();
                // keep the sender field sane half the time, flip bytes in lengths, counts and group headers
                for (int k = 0; k < 1 + random.nextInt(4); k++)
                {
                    final int at = random.nextInt(flipped.length);
                    flipped[at] = (byte)random.nextInt(256);
                }
                return flipped;
        }
    }
}
