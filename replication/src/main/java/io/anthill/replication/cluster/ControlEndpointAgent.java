package io.anthill.replication.cluster;

import java.util.function.Function;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.exceptions.AeronException;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.anthill.codecs.client.ControlRequestDecoder;
import io.anthill.codecs.client.MessageHeaderDecoder;
import io.anthill.engine.node.ClientFrameSink;
import io.anthill.engine.node.ControlPlaneAdapter;
import io.anthill.engine.node.FrameBounds;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The control plane's I/O thread of a host: polls the control stream, reads each request's return address (the
 * control plane has no sessions, so a version 3 ControlRequest names the channel and stream of its answer), and hands
 * the frame to the transport-agnostic {@link ControlPlaneAdapter}, which answers it synchronously through this agent.
 * The answer is copied into one of {@link #PENDING_ANSWERS_MAX} slots and offered, without blocking the duty cycle,
 * on a publication added asynchronously to the return address, until it is sent or {@link #ANSWER_TIMEOUT_NS} passes;
 * then the publication is closed (the driver lingers it until the answer is delivered). A request without a usable
 * return address, or an answer that finds no free slot or never gets through, is dropped and counted: the tool's
 * time-out reports it.
 */
final class ControlEndpointAgent implements Agent, FragmentHandler, ClientFrameSink
{
    /** Answers waiting for their publication to connect; more requests at once than this are dropped. */
    static final int PENDING_ANSWERS_MAX = 16;
    /** How long an answer waits for its return address to connect. */
    static final long ANSWER_TIMEOUT_NS = 2_000_000_000L;
    /** Longest return address accepted. */
    static final int RESPONSE_CHANNEL_LENGTH_MAX = 256;
    private static final String UDP_CHANNEL_PREFIX = "aeron:udp?endpoint=";
    private static final int FRAGMENT_LIMIT = 16;
    private static final int VAR_LENGTH_BYTES = FrameBounds.VAR_LENGTH_BYTES;

    private final String roleName;
    private final Aeron aeron;
    private final Subscription subscription;
    private final NanoClock clock;
    private final AtomicCounter answersDropped;
    private final ErrorHandler errorHandler;
    private final ControlPlaneAdapter adapter;
    private final FragmentAssembler assembler = new FragmentAssembler(this);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ControlRequestDecoder request = new ControlRequestDecoder();
    private final PendingAnswer[] pending = new PendingAnswer[PENDING_ANSWERS_MAX];
    private String answerChannel;
    private int answerStreamId;
    private long nowNs;

    ControlEndpointAgent(
        final String hostName, final Aeron aeron, final Subscription subscription, final NanoClock clock,
        final AtomicCounter answersDropped, final ErrorHandler errorHandler,
        final Function<ClientFrameSink, ControlPlaneAdapter> adapterFactory)
    {
        this.roleName = "anthill-" + hostName + "-control";
        this.aeron = aeron;
        this.subscription = subscription;
        this.clock = clock;
        this.answersDropped = answersDropped;
        this.errorHandler = errorHandler;
        for (int i = 0; i < pending.length; i++)
        {
            pending[i] = new PendingAnswer();
        }
        this.adapter = adapterFactory.apply(this);
    }

    @Override
    public int doWork()
    {
        nowNs = clock.nanoTime();
        int work = subscription.poll(assembler, FRAGMENT_LIMIT);
        for (final PendingAnswer answer : pending)
        {
            if (answer.inUse)
            {
                work += deliver(answer);
            }
        }
        return work;
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header frameHeader)
    {
        answerChannel = returnAddress(buffer, offset, length);
        if (null == answerChannel)
        {
            answersDropped.increment();
            return;
        }
        try
        {
            adapter.onFrame(buffer, offset, length);
        }
        finally
        {
            answerChannel = null;
        }
    }

    /**
     * Called by the adapter during {@link #onFragment}: queues the answer for the request's return address.
     */
    @Override
    public void onFrame(final long sessionId, final DirectBuffer buffer, final int offset, final int length)
    {
        final PendingAnswer answer = freeSlot();
        if (null == answerChannel || null == answer)
        {
            answersDropped.increment();
            return;
        }
        answer.frame.putBytes(0, buffer, offset, length);
        answer.length = length;
        answer.deadlineNs = nowNs + ANSWER_TIMEOUT_NS;
        answer.registrationId = aeron.asyncAddPublication(answerChannel, answerStreamId);
        answer.inUse = true;
    }

    private int deliver(final PendingAnswer answer)
    {
        try
        {
            if (null == answer.publication)
            {
                answer.publication = aeron.getPublication(answer.registrationId);
            }
            if (null != answer.publication)
            {
                if (answer.length > answer.publication.maxMessageLength())
                {
                    return drop(answer);
                }
                final long result = answer.publication.offer(answer.frame, 0, answer.length);
                if (result > 0)
                {
                    release(answer);
                    return 1;
                }
                if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
                {
                    return drop(answer);
                }
            }
        }
        catch (final AeronException ex)
        {
            errorHandler.onError(ex);
            return drop(answer);
        }
        return nowNs - answer.deadlineNs > 0 ? drop(answer) : 0;
    }

    private int drop(final PendingAnswer answer)
    {
        answersDropped.increment();
        release(answer);
        return 1;
    }

    private void release(final PendingAnswer answer)
    {
        if (null == answer.publication)
        {
            aeron.asyncRemovePublication(answer.registrationId);
        }
        CloseHelper.quietClose(answer.publication);
        answer.publication = null;
        answer.inUse = false;
    }

    private PendingAnswer freeSlot()
    {
        for (final PendingAnswer answer : pending)
        {
            if (!answer.inUse)
            {
                return answer;
            }
        }
        return null;
    }

    /**
     * @return the request's return channel (its stream in {@link #answerStreamId}), or null when the frame is not a
     * version 3 ControlRequest with a UDP return address that lies within the frame.
     */
    private String returnAddress(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return null;
        }
        header.wrap(buffer, offset);
        final int blockLength = header.blockLength();
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID || header.templateId() != ControlRequestDecoder.TEMPLATE_ID ||
            header.version() < 3 || blockLength < ControlRequestDecoder.BLOCK_LENGTH)
        {
            return null;
        }
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int end = offset + length;
        final int credentialLength = FrameBounds.varLength(buffer, bodyOffset + blockLength, end);
        if (credentialLength < 0)
        {
            return null;
        }
        final int channelAt = bodyOffset + blockLength + VAR_LENGTH_BYTES + credentialLength;
        final int channelLength = FrameBounds.varLength(buffer, channelAt, end);
        if (channelLength < 0 || channelLength > RESPONSE_CHANNEL_LENGTH_MAX)
        {
            return null;
        }
        request.wrap(buffer, bodyOffset, blockLength, header.version());
        answerStreamId = request.responseStreamId();
        final String channel = buffer.getStringWithoutLengthUtf8(channelAt + VAR_LENGTH_BYTES, channelLength);
        return channel.startsWith(UDP_CHANNEL_PREFIX) ? channel : null;
    }

    @Override
    public void onClose()
    {
        for (final PendingAnswer answer : pending)
        {
            if (answer.inUse)
            {
                release(answer);
            }
        }
    }

    @Override
    public String roleName()
    {
        return roleName;
    }

    private static final class PendingAnswer
    {
        private final ExpandableArrayBuffer frame = new ExpandableArrayBuffer(1024);
        private int length;
        private long registrationId;
        private long deadlineNs;
        private Publication publication;
        private boolean inUse;
    }
}
