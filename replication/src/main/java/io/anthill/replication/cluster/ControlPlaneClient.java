package io.anthill.replication.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.exceptions.AeronException;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.anthill.codecs.client.ControlAction;
import io.anthill.codecs.client.ControlRequestEncoder;
import io.anthill.codecs.client.ControlResponseDecoder;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.codecs.client.ErrorResponseDecoder;
import io.anthill.codecs.client.MessageHeaderDecoder;
import io.anthill.codecs.client.MessageHeaderEncoder;
import io.anthill.codecs.client.ReplicaRole;
import io.anthill.replication.aeron.EmbeddedMediaDriver;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * The operator tool's side of the control plane: its own media driver in a temporary directory (deleted at close),
 * a response endpoint on a free port, and a publication to every host's control stream. {@link #ask} sends one
 * request to each of some hosts and waits, up to a deadline, for every answer; a host whose publication never
 * connects is reported unreachable, not waited on forever. Allocates freely: a tool, not a hot path.
 */
final class ControlPlaneClient implements AutoCloseable, FragmentHandler
{
    private static final int FRAGMENT_LIMIT = 16;
    private static final long NO_REQUEST = 0;

    private final ClusterFile cluster;
    private final byte[] credential;
    private final Path driverDirectory;
    private final EmbeddedMediaDriver driver;
    private final Aeron aeron;
    private final Subscription responses;
    private final String responseChannel;
    private final List<Publication> hosts = new ArrayList<>();
    private final FragmentAssembler assembler = new FragmentAssembler(this);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ControlResponseDecoder response = new ControlResponseDecoder();
    private final ErrorResponseDecoder error = new ErrorResponseDecoder();
    private final ExpandableArrayBuffer requestBuffer = new ExpandableArrayBuffer(512);
    private final IdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, TimeUnit.MILLISECONDS.toNanos(1));
    private List<Integer> hostIndexesAsked = List.of();
    private long[] requestIds = new long[0];
    private Answer[] answers = new Answer[0];
    private long nextRequestId = 1;

    /** What a host made of a request. */
    enum Outcome
    {
        /** Done; the answer lists the host's partitions. */
        DONE,
        /** Refused with an ErrorResponse. */
        REFUSED,
        /** The host's control stream never connected: no node listens there. */
        UNREACHABLE,
        /** Sent, but no answer came before the deadline. */
        NO_ANSWER
    }

    /**
     * One hosted partition as a host reported it.
     *
     * @param partitionId the partition.
     * @param role        its replica's role.
     * @param view        the view it is in.
     * @param op          the last op durable in its journal.
     * @param commitOp    the last op it knows committed.
     * @param appliedOp   the last op its business logic applied.
     */
    record PartitionReport(int partitionId, ReplicaRole role, long view, long op, long commitOp, long appliedOp)
    {
    }

    /**
     * A host's answer.
     *
     * @param hostIndex  the host, from 0.
     * @param outcome    what happened.
     * @param code       for REFUSED, why.
     * @param detail     for REFUSED, the host's detail text.
     * @param partitions for DONE, the partitions the host hosts afterwards.
     * @param readModels for DONE of READ_MODEL_DIGESTS, the partition's read models' digests.
     */
    record Answer(int hostIndex, Outcome outcome, ErrorCode code, String detail, List<PartitionReport> partitions,
        List<ReadModelDigest> readModels)
    {
    }

    ControlPlaneClient(
        final ClusterFile cluster, final byte[] credential, final String responseHost, final ErrorHandler errorHandler)
    {
        this.cluster = cluster;
        this.credential = credential.clone();
        try
        {
            driverDirectory = Files.createTempDirectory("anthill-ctl-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a temporary directory for the tool's media driver", ex);
        }
        EmbeddedMediaDriver startedDriver = null;
        Aeron startedAeron = null;
        try
        {
            startedDriver = EmbeddedMediaDriver.launch(driverDirectory, errorHandler);
            startedAeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(startedDriver.aeronDirectoryName())
                .errorHandler(errorHandler));
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(startedAeron, startedDriver);
            IoUtil.delete(driverDirectory.toFile(), true);
            throw ex;
        }
        driver = startedDriver;
        aeron = startedAeron;
        try
        {
            responses = listen(responseHost);
            responseChannel = awaitResolvedChannel(responseHost);
            for (final ClusterFile.Host host : cluster.hosts())
            {
                hosts.add(aeron.addPublication("aeron:udp?endpoint=" + host.client(), ClusterNode.CONTROL_STREAM_ID));
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(aeron, driver);
            IoUtil.delete(driverDirectory.toFile(), true);
            throw ex;
        }
    }

    private Subscription listen(final String responseHost)
    {
        try
        {
            return aeron.addSubscription("aeron:udp?endpoint=" + responseHost + ":0", ClusterNode.CONTROL_STREAM_ID);
        }
        catch (final AeronException ex)
        {
            throw new IllegalStateException("cannot listen for answers on " + responseHost + ": pass --response-host " +
                "with an address of this machine that the hosts can reach", ex);
        }
    }

    private String awaitResolvedChannel(final String responseHost)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String channel;
        while (null == (channel = responses.tryResolveChannelEndpointPort()))
        {
            if (System.nanoTime() > deadlineNs)
            {
                throw new IllegalStateException("cannot bind a response endpoint on " + responseHost +
                    ": pass --response-host with an address of this machine");
            }
            idle.idle();
        }
        idle.reset();
        return channel;
    }

    /**
     * Sends a request to each of some hosts and waits for their answers.
     *
     * @param hostIndexes the hosts, from 0.
     * @param action      what to ask.
     * @param partitionId the partition acted on.
     * @param timeoutMs   how long to wait for every host.
     * @return one answer per host, in the order asked.
     */
    List<Answer> ask(final List<Integer> hostIndexes, final ControlAction action, final int partitionId,
        final long timeoutMs)
    {
        hostIndexesAsked = List.copyOf(hostIndexes);
        requestIds = new long[hostIndexes.size()];
        answers = new Answer[hostIndexes.size()];
        final boolean[] sent = new boolean[hostIndexes.size()];
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        int pending = hostIndexes.size();
        while (pending > 0 && System.nanoTime() - deadlineNs < 0)
        {
            int work = 0;
            for (int i = 0; i < sent.length; i++)
            {
                if (!sent[i] && send(hosts.get(hostIndexes.get(i)), i, action, partitionId))
                {
                    sent[i] = true;
                    work++;
                }
            }
            work += responses.poll(assembler, FRAGMENT_LIMIT);
            pending = 0;
            for (final Answer answer : answers)
            {
                pending += null == answer ? 1 : 0;
            }
            idle.idle(work);
        }
        final List<Answer> result = new ArrayList<>();
        for (int i = 0; i < answers.length; i++)
        {
            result.add(null != answers[i] ? answers[i] : new Answer(hostIndexes.get(i),
                sent[i] ? Outcome.NO_ANSWER : Outcome.UNREACHABLE, null, "", List.of(), List.of()));
        }
        requestIds = new long[0];
        return result;
    }

    private boolean send(final Publication publication, final int slot, final ControlAction action, final int partitionId)
    {
        if (!publication.isConnected())
        {
            return false;
        }
        final long requestId = nextRequestId++;
        final ControlRequestEncoder request = new ControlRequestEncoder()
            .wrapAndApplyHeader(requestBuffer, 0, new MessageHeaderEncoder())
            .requestId(requestId)
            .action(action)
            .partitionId(partitionId)
            .responseStreamId(ClusterNode.CONTROL_STREAM_ID)
            .putCredential(credential, 0, credential.length)
            .responseChannel(responseChannel);
        final long result = publication.offer(requestBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH +
            request.encodedLength());
        if (result > 0)
        {
            requestIds[slot] = requestId;
            return true;
        }
        return false;
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header frameHeader)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return;
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return;
        }
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        if (header.templateId() == ControlResponseDecoder.TEMPLATE_ID)
        {
            response.wrap(buffer, bodyOffset, header.blockLength(), header.version());
            final int slot = slotOf(response.requestId());
            if (slot >= 0)
            {
                final List<PartitionReport> reports = reports();
                answers[slot] = new Answer(hostOf(slot), Outcome.DONE, null, "", reports, readModelDigests());
            }
        }
        else if (header.templateId() == ErrorResponseDecoder.TEMPLATE_ID)
        {
            error.wrap(buffer, bodyOffset, header.blockLength(), header.version());
            final int slot = slotOf(error.requestId());
            if (slot >= 0)
            {
                final ErrorCode code = error.code();
                error.skipRedirect();
                answers[slot] = new Answer(hostOf(slot), Outcome.REFUSED, code, error.detail(), List.of(), List.of());
            }
        }
    }

    private int hostOf(final int slot)
    {
        return hostIndexesAsked.get(slot);
    }

    private List<PartitionReport> reports()
    {
        final List<PartitionReport> reports = new ArrayList<>();
        for (final ControlResponseDecoder.PartitionsDecoder partition : response.partitions())
        {
            reports.add(new PartitionReport(partition.partitionId(), partition.role(), partition.view(),
                partition.op(), partition.commitOp(), partition.appliedOp()));
        }
        return reports;
    }

    /**
     * Read after {@link #reports()}: SBE groups decode in order.
     */
    private List<ReadModelDigest> readModelDigests()
    {
        final List<ReadModelDigest> digests = new ArrayList<>();
        for (final ControlResponseDecoder.ReadModelsDecoder readModel : response.readModels())
        {
            final long position = readModel.position();
            final long digest = readModel.digest();
            digests.add(new ReadModelDigest(readModel.name(), position, digest));
        }
        return digests;
    }

    private int slotOf(final long requestId)
    {
        for (int i = 0; i < requestIds.length; i++)
        {
            if (requestIds[i] == requestId && requestId != NO_REQUEST && null == answers[i])
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * @return the cluster this client talks to.
     */
    ClusterFile cluster()
    {
        return cluster;
    }

    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(hosts);
        CloseHelper.quietCloseAll(responses, aeron, driver);
        IoUtil.delete(driverDirectory.toFile(), true);
    }
}
