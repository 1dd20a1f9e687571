package io.anthill.replication.node;

import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.anthill.codecs.replication.MessageHeaderDecoder;
import io.anthill.replication.aeron.ReplicaTransport;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * The one thread of a node that runs replication: it reads the clock once per duty cycle, polls the node's
 * subscription, hands each message to its partition's replica, and runs every partition's protocol duties. Owning all
 * replicas of a node on one thread keeps the protocol cores single threaded and the journals single owner.
 * <p>
 * When the node's media driver has no thread of its own, this thread also runs it ({@code io}): before polling (to
 * receive and to send what the previous cycle wrote), after the primaries have written Prepares and before any
 * journal is forced (so a batch is on the wire while the primary forces it, as when the driver had its own thread),
 * and after the forces if they produced anything (PrepareOks, commits). Each time until the driver has nothing left
 * to do, within a bound: Aeron's receiver reads one datagram per socket per duty cycle, and a duty cycle of this
 * thread can include a force. An idle cycle polls the sockets once.
 */
final class ReplicationAgent implements Agent, FragmentHandler
{
    private static final int FRAGMENT_LIMIT = 64;
    /** Most duty cycles of the invoked driver per step of this agent's duty cycle. */
    private static final int IO_DUTY_CYCLES_MAX = 32;
    private static final int PARTITION_ID_OFFSET = MessageHeaderDecoder.ENCODED_LENGTH;
    /** Operator requests waiting for the agent thread; control traffic is a few requests a minute. */
    static final int CONTROL_QUEUE_CAPACITY = 64;

    private final String roleName;
    private final ReplicaTransport transport;
    private final Agent io;
    private final EpochNanoClock clock;
    private PartitionReplica[] replicas;
    private final Int2ObjectHashMap<PartitionReplica> byPartition = new Int2ObjectHashMap<>();
    private final FragmentHandler reassembler;
    private final boolean[] recovering;
    private final SecureRandom nonces = new SecureRandom();
    private final ManyToOneConcurrentArrayQueue<Runnable> controlRequests =
        new ManyToOneConcurrentArrayQueue<>(CONTROL_QUEUE_CAPACITY);
    private long nowNs;
    private long unknownPartitionMessages;

    /**
     * @param io the node's media driver and Aeron client conductor when they have no thread of their own, else null.
     */
    ReplicationAgent(
        final int nodeIndex, final ReplicaTransport transport, final Agent io, final EpochNanoClock clock,
        final List<PartitionReplica> replicas, final boolean[] recovering)
    {
        this.roleName = "anthill-node" + nodeIndex + "-replication";
        this.transport = transport;
        this.io = io;
        this.clock = clock;
        this.replicas = replicas.toArray(new PartitionReplica[0]);
        this.recovering = recovering.clone();
        for (final PartitionReplica replica : replicas)
        {
            byPartition.put(replica.partition().partitionId(), replica);
        }
        this.reassembler = ReplicaTransport.reassembling(this);
    }

    @Override
    public void onStart()
    {
        nowNs = clock.nanoTime();
        for (int i = 0; i < replicas.length; i++)
        {
            replicas[i].partition().replicatedJournal().takeOwnership();
            if (recovering[i])
            {
                replicas[i].replica().recover(nowNs, nonces.nextLong(), replicas[i].logLostDurableEntries());
            }
            else
            {
                replicas[i].replica().bootstrap(nowNs);
            }
        }
    }

    @Override
    public int doWork() throws Exception
    {
        nowNs = clock.nanoTime();
        int work = controlRequests.drain(Runnable::run, CONTROL_QUEUE_CAPACITY);
        work += runIo();
        work += transport.poll(reassembler, FRAGMENT_LIMIT);
        int forwarded = 0;
        for (final PartitionReplica replica : replicas)
        {
            forwarded += replica.sendForwarded(nowNs);
        }
        if (forwarded > 0)
        {
            forwarded += runIo();
        }
        int duties = 0;
        for (final PartitionReplica replica : replicas)
        {
            duties += replica.doWork(nowNs);
        }
        if (duties > 0)
        {
            duties += runIo();
        }
        return work + forwarded + duties;
    }

    private int runIo() throws Exception
    {
        if (null == io)
        {
            return 0;
        }
        int work = 0;
        for (int i = 0; i < IO_DUTY_CYCLES_MAX; i++)
        {
            final int done = io.doWork();
            if (0 == done)
            {
                break;
            }
            work += done;
        }
        return work;
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (length < PARTITION_ID_OFFSET + Integer.BYTES)
        {
            unknownPartitionMessages++;
            return;
        }
        final PartitionReplica replica = byPartition.get(buffer.getInt(offset + PARTITION_ID_OFFSET, ByteOrder.LITTLE_ENDIAN));
        if (null == replica)
        {
            unknownPartitionMessages++;
            return;
        }
        replica.onMessage(nowNs, buffer, offset, length);
    }

    /**
     * Any thread: hands a control request (step-down...) to the agent thread, which runs it in its next duty cycle.
     *
     * @return false when the queue is full.
     */
    boolean offerControl(final Runnable request)
    {
        return controlRequests.offer(request);
    }

    /**
     * Agent thread (a control request): a step-down, unless the replica was removed since it was asked for.
     */
    void stepDown(final PartitionReplica replica)
    {
        if (byPartition.get(replica.partition().partitionId()) == replica)
        {
            replica.stepDown();
        }
    }

    /**
     * Agent thread (a control request): starts running a replica added to the running node.
     */
    void adopt(final PartitionReplica replica, final boolean recovering)
    {
        replica.partition().replicatedJournal().takeOwnership();
        if (recovering)
        {
            replica.replica().recover(nowNs, nonces.nextLong(), replica.logLostDurableEntries());
        }
        else
        {
            replica.replica().bootstrap(nowNs);
        }
        final PartitionReplica[] grown = Arrays.copyOf(replicas, replicas.length + 1);
        grown[replicas.length] = replica;
        replicas = grown;
        byPartition.put(replica.partition().partitionId(), replica);
    }

    /**
     * Agent thread (a control request): stops running a replica; its messages are then counted as unknown.
     */
    void release(final PartitionReplica replica)
    {
        final PartitionReplica[] kept = new PartitionReplica[replicas.length - 1];
        int i = 0;
        for (final PartitionReplica running : replicas)
        {
            if (running != replica)
            {
                kept[i++] = running;
            }
        }
        replicas = kept;
        byPartition.remove(replica.partition().partitionId());
    }

    long unknownPartitionMessages()
    {
        return unknownPartitionMessages;
    }

    @Override
    public String roleName()
    {
        return roleName;
    }
}
