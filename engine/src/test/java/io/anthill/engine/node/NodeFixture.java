package io.anthill.engine.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.anthill.engine.PartitionContext;
import io.anthill.journal.DurabilityPolicy;
import org.agrona.DirectBuffer;

/**
 * A node over real Chronicle journals in a test's directory, with recording frame sinks for both planes, a clock
 * the test moves, and the ledger of each hosted partition at hand.
 */
final class NodeFixture implements AutoCloseable
{
    static final byte[] ADMIN = ClientFrames.bytes("admin-credential-0123456789");
    static final byte[] CLIENT = ClientFrames.bytes("client-credential");
    static final String ADDRESS_PREFIX = "aeron:udp?endpoint=10.0.0.";

    final AtomicLong nowNs = new AtomicLong(1_000_000_000L);
    final FrameRecorder frames = new FrameRecorder();
    final FrameRecorder controlFrames = new FrameRecorder();
    final Map<Integer, AccountLedger> ledgers = new ConcurrentHashMap<>();
    final Node node;
    final ClientIngressAdapter ingress;
    final ControlPlaneAdapter control;

    NodeFixture(final Path root, final int hostIndex, final int hostCount, final int partitionCount,
        final int replicationFactor, final int ringSize, final Consumer<NodeContext> settings)
    {
        final NodeContext ctx = new NodeContext()
            .hostIndex(hostIndex)
            .hostAddresses(java.util.stream.IntStream.rangeClosed(1, hostCount)
                .mapToObj(host -> ADDRESS_PREFIX + host + ":40000").toList())
            .partitionCount(partitionCount)
            .replicationFactor(replicationFactor)
            .adminCredential(ADMIN)
            .clientCredential(CLIENT)
            .frameSink(frames)
            .clock(nowNs::get)
            .errorHandler(Throwable::printStackTrace)
            .partitionFactory(partitionId -> partitionContext(root, partitionId, ringSize));
        settings.accept(ctx);
        node = Node.launch(ctx);
        ingress = node.newIngressAdapter();
        control = node.newControlPlaneAdapter(controlFrames);
    }

    private PartitionContext partitionContext(final Path root, final int partitionId, final int ringSize)
    {
        final AccountLedger ledger = new AccountLedger();
        ledgers.put(partitionId, ledger);
        return new PartitionContext()
            .partitionId(partitionId)
            .stateMachine(ledger)
            .addProjection(new AccountReadModel())
            .journalDirectory(root.resolve("partition-" + partitionId).resolve("journal"))
            .snapshotDirectory(root.resolve("partition-" + partitionId).resolve("snapshots"))
            .durability(DurabilityPolicy.BATCH)
            .snapshotIntervalOps(0)
            .ringSize(ringSize)
            .clock(nowNs::get)
            .errorHandler(Throwable::printStackTrace);
    }

    static String address(final int host)
    {
        return ADDRESS_PREFIX + host + ":40000";
    }

    void send(final DirectBuffer frame)
    {
        ingress.onFrame(frame, 0, frame.capacity());
    }

    void sendControl(final DirectBuffer frame)
    {
        control.onFrame(frame, 0, frame.capacity());
    }

    void connect(final long sessionId)
    {
        final int before = frames.replies.size();
        send(ClientFrames.connect(sessionId, CLIENT));
        final FrameRecorder.Reply connected = frames.awaitLast(before + 1);
        if (connected.code() != null)
        {
            throw new AssertionError("connect refused: " + connected);
        }
        frames.replies.clear();
    }

    List<FrameRecorder.Reply> awaitReplies(final int count)
    {
        return frames.awaitCount(count);
    }

    @Override
    public void close()
    {
        ledgers.values().forEach(AccountLedger::open);
        node.close();
    }
}
