package io.anthill.engine.node;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.anthill.codecs.client.Consistency;
import io.anthill.codecs.client.ControlAction;
import io.anthill.codecs.client.MessageHeaderDecoder;
import io.anthill.engine.Partition;
import io.anthill.engine.PartitionStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feeds the ingress decoder and the control plane thousands of random and mutated frames from a fixed seed, and
 * checks that no frame escapes as an exception or reaches the contained-bug path, that the partitions keep running
 * with no stage error, that every command accepted is applied, and that the state they hold is the state their
 * journals replay to.
 */
class IngressFuzzTest
{
    private static final long SEED = 0x5EED_F00DL;
    private static final int DATA_FRAMES = 10_000;
    private static final int CONTROL_FRAMES = 2_000;
    private static final int CONNECTED_SESSIONS = 4;

    @TempDir
    Path dir;

    @Test
    void shouldAnswerThousandsOfRandomAndMutatedFramesWithoutCrashingOrCorruptingState()
    {
        final Random random = new Random(SEED);
        final long[] digests = new long[2];
        try (NodeFixture fixture = new NodeFixture(dir, 1, 1, 2, 1, 1024, ctx -> { }))
        {
            assertNull(fixture.node.addPartition(0));
            assertNull(fixture.node.addPartition(1));
            for (long session = 1; session <= CONNECTED_SESSIONS; session++)
            {
                fixture.connect(session);
            }
            for (int i = 0; i < DATA_FRAMES; i++)
            {
                final UnsafeBuffer frame = nextFrame(random);
                final int padding = random.nextInt(4) == 0 ? random.nextInt(16) : 0;
                final UnsafeBuffer framed = new UnsafeBuffer(new byte[padding + frame.capacity() + padding]);
                random.nextBytes(framed.byteArray());
                framed.putBytes(padding, frame, 0, frame.capacity());
                fixture.ingress.onFrame(framed, padding, frame.capacity());
            }
            fuzzControlPlane(fixture, random);

            final IngressCounters counters = fixture.node.counters();
            assertEquals(0, counters.ingressErrors(), "no frame reached the contained-bug path");
            assertTrue(counters.commandsAccepted() > 100, "the fuzz reached the partitions: " + counters.commandsAccepted());
            assertTrue(counters.refusedTotal() > DATA_FRAMES / 2, "most frames refused: " + counters.refusedTotal());
            awaitApplied(fixture, counters.commandsAccepted());
            final Partition first = fixture.node.partition(0);
            final Partition second = fixture.node.partition(1);
            for (final Partition partition : List.of(first, second))
            {
                assertEquals(PartitionStatus.RUNNING, partition.status());
                assertEquals(0, partition.counters().stageErrors());
            }
            fixture.node.close();
            digests[0] = first.stateDigest();
            digests[1] = second.stateDigest();
        }

        try (NodeFixture recovered = new NodeFixture(dir, 1, 1, 2, 1, 1024, ctx -> { }))
        {
            assertNull(recovered.node.addPartition(0));
            assertNull(recovered.node.addPartition(1));
            final Partition first = recovered.node.partition(0);
            final Partition second = recovered.node.partition(1);
            recovered.node.close();
            assertEquals(digests[0], first.stateDigest(), "partition 0 replays to the state it held");
            assertEquals(digests[1], second.stateDigest(), "partition 1 replays to the state it held");
        }
    }

    private static void fuzzControlPlane(final NodeFixture fixture, final Random random)
    {
        final byte[] wrong = NodeFixture.ADMIN.clone();
        wrong[random.nextInt(wrong.length)] ^= 0x20;
        for (int i = 0; i < CONTROL_FRAMES; i++)
        {
            final ControlAction action = ControlAction.values()[random.nextInt(4)];
            final UnsafeBuffer frame = random.nextInt(3) == 0 ? randomBytes(random) :
                mutate(ClientFrames.control(random.nextLong(), action, random.nextInt(4) - 1, wrong), random);
            fixture.control.onFrame(frame, 0, frame.capacity());
        }
        assertEquals(List.of(0, 1), fixture.node.hostedPartitionIds(), "no unauthenticated control request acted");
    }

    private static UnsafeBuffer nextFrame(final Random random)
    {
        final int kind = random.nextInt(10);
        if (kind < 2)
        {
            return randomBytes(random);
        }
        if (kind == 2)
        {
            final UnsafeBuffer frame = randomBytes(random, MessageHeaderDecoder.ENCODED_LENGTH + random.nextInt(64));
            frame.putShort(0, (short)random.nextInt(64), ByteOrder.LITTLE_ENDIAN);
            frame.putShort(2, (short)random.nextInt(12), ByteOrder.LITTLE_ENDIAN);
            frame.putShort(4, (short)MessageHeaderDecoder.SCHEMA_ID, ByteOrder.LITTLE_ENDIAN);
            frame.putShort(6, (short)random.nextInt(4), ByteOrder.LITTLE_ENDIAN);
            return frame;
        }
        final UnsafeBuffer valid = validFrame(random);
        return kind < 5 ? valid : mutate(valid, random);
    }

    private static UnsafeBuffer validFrame(final Random random)
    {
        final long sessionId = 1 + random.nextInt(CONNECTED_SESSIONS + 2);
        final long requestId = random.nextInt(1_000_000);
        final int partitionId = random.nextInt(4) - 1;
        switch (random.nextInt(5))
        {
            case 0:
                return ClientFrames.connect(sessionId, random.nextBoolean() ? NodeFixture.CLIENT : randomBytes(random).byteArray());
            case 1:
                return ClientFrames.query(sessionId, requestId, partitionId,
                    Consistency.values()[random.nextInt(3)], random.nextInt(3), random.nextInt(3), random.nextInt(8));
            case 2:
                return ClientFrames.batch(sessionId, partitionId, requestId, payload(random), payload(random));
            default:
                return ClientFrames.command(sessionId, requestId, partitionId, payload(random));
        }
    }

    private static UnsafeBuffer payload(final Random random)
    {
        return random.nextBoolean() ? AccountLedger.deposit(random.nextInt(16), random.nextInt(100)) :
            randomBytes(random, random.nextInt(40));
    }

    private static UnsafeBuffer mutate(final UnsafeBuffer frame, final Random random)
    {
        final byte[] bytes = frame.byteArray().clone();
        switch (random.nextInt(4))
        {
            case 0:
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--)
                {
                    bytes[random.nextInt(bytes.length)] ^= (byte)(1 << random.nextInt(8));
                }
                return new UnsafeBuffer(bytes);
            case 1:
                return new UnsafeBuffer(bytes, 0, random.nextInt(bytes.length + 1));
            case 2:
                final UnsafeBuffer longer = new UnsafeBuffer(new byte[bytes.length + 1 + random.nextInt(32)]);
                random.nextBytes(longer.byteArray());
                longer.putBytes(0, bytes);
                return longer;
            default:
                final UnsafeBuffer overwritten = new UnsafeBuffer(bytes);
                if (bytes.length >= 4)
                {
                    overwritten.putInt(random.nextInt(bytes.length - 3), random.nextInt(), ByteOrder.LITTLE_ENDIAN);
                }
                return overwritten;
        }
    }

    private static UnsafeBuffer randomBytes(final Random random)
    {
        return randomBytes(random, random.nextInt(80));
    }

    private static UnsafeBuffer randomBytes(final Random random, final int length)
    {
        final byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return new UnsafeBuffer(bytes);
    }

    private static void awaitApplied(final NodeFixture fixture, final long accepted)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (fixture.node.partition(0).appliedOp() + fixture.node.partition(1).appliedOp() < accepted)
        {
            assertTrue(System.nanoTime() - deadlineNs < 0, "accepted commands not all applied");
            Thread.yield();
        }
        assertEquals(accepted, fixture.node.partition(0).appliedOp() + fixture.node.partition(1).appliedOp(),
            "every accepted command applied once, nothing else journaled");
    }
}
