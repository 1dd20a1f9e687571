package io.anthill.perf.jmh;

import java.util.concurrent.TimeUnit;

import io.anthill.codecs.client.CommandRequestDecoder;
import io.anthill.codecs.client.CommandRequestEncoder;
import io.anthill.codecs.journal.ClientCommandDecoder;
import io.anthill.codecs.journal.ClientCommandEncoder;
import io.anthill.codecs.journal.JournalEntryHeaderDecoder;
import io.anthill.codecs.journal.JournalEntryHeaderEncoder;
import io.anthill.example.trading.TradingCommandEncoder;
import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SBE flyweights on the two hot encodings: a client's {@code CommandRequest} carrying a trading limit order (what the
 * ingress decodes per write) and a journal entry (entry header plus {@code ClientCommand} body, what the journal
 * stage encodes and replay decodes). Each method returns a value so the JIT cannot drop the work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark
{
    private final io.anthill.codecs.client.MessageHeaderEncoder clientHeaderEncoder =
        new io.anthill.codecs.client.MessageHeaderEncoder();
    private final io.anthill.codecs.client.MessageHeaderDecoder clientHeaderDecoder =
        new io.anthill.codecs.client.MessageHeaderDecoder();
    private final io.anthill.codecs.journal.MessageHeaderEncoder journalHeaderEncoder =
        new io.anthill.codecs.journal.MessageHeaderEncoder();
    private final io.anthill.codecs.journal.MessageHeaderDecoder journalHeaderDecoder =
        new io.anthill.codecs.journal.MessageHeaderDecoder();
    private final CommandRequestEncoder requestEncoder = new CommandRequestEncoder();
    private final CommandRequestDecoder requestDecoder = new CommandRequestDecoder();
    private final JournalEntryHeaderEncoder entryEncoder = new JournalEntryHeaderEncoder();
    private final JournalEntryHeaderDecoder entryDecoder = new JournalEntryHeaderDecoder();
    private final ClientCommandEncoder bodyEncoder = new ClientCommandEncoder();
    private final ClientCommandDecoder bodyDecoder = new ClientCommandDecoder();
    private final UnsafeBuffer requestBuffer = new UnsafeBuffer(new byte[256]);
    private final UnsafeBuffer entryBuffer = new UnsafeBuffer(new byte[256]);
    private final UnsafeBuffer payloadCopy = new UnsafeBuffer(new byte[256]);
    private final TradingCommandEncoder commands = new TradingCommandEncoder();
    private int payloadLength;
    private long requestId;

    /**
     * Encodes the order once; the benchmarks reuse it as payload.
     */
    @Setup
    public void setUp()
    {
        payloadLength = commands.limitOrder(42, 7, 1, Side.BUY, TimeInForce.GTC, 1_000, 10, 0);
        encodeCommandRequest();
        encodeJournalEntry();
    }

    /**
     * @return the encoded length.
     */
    @Benchmark
    public int encodeCommandRequest()
    {
        requestEncoder.wrapAndApplyHeader(requestBuffer, 0, clientHeaderEncoder)
            .sessionId(11)
            .requestId(++requestId)
            .partitionId(0)
            .putPayload(commands.buffer(), 0, payloadLength);
        return io.anthill.codecs.client.MessageHeaderEncoder.ENCODED_LENGTH + requestEncoder.encodedLength();
    }

    /**
     * @return a mix of the decoded fields.
     */
    @Benchmark
    public long decodeCommandRequest()
    {
        clientHeaderDecoder.wrap(requestBuffer, 0);
        if (clientHeaderDecoder.templateId() != CommandRequestDecoder.TEMPLATE_ID)
        {
            throw new IllegalStateException("not a CommandRequest");
        }
        requestDecoder.wrapAndApplyHeader(requestBuffer, 0, clientHeaderDecoder);
        final long sum = requestDecoder.sessionId() + requestDecoder.requestId() + requestDecoder.partitionId();
        return sum + requestDecoder.getPayload(payloadCopy, 0, payloadCopy.capacity());
    }

    /**
     * @return the encoded length of header and body.
     */
    @Benchmark
    public int encodeJournalEntry()
    {
        entryEncoder.wrapAndApplyHeader(entryBuffer, 0, journalHeaderEncoder)
            .partitionId(0).checksum(0).view(1).op(++requestId).timestampNs(requestId * 1_000).bodyLength(0);
        final int bodyOffset = io.anthill.codecs.journal.MessageHeaderEncoder.ENCODED_LENGTH + entryEncoder.encodedLength();
        bodyEncoder.wrapAndApplyHeader(entryBuffer, bodyOffset, journalHeaderEncoder)
            .sessionId(11)
            .requestId(requestId)
            .putPayload(commands.buffer(), 0, payloadLength);
        final int bodyLength = io.anthill.codecs.journal.MessageHeaderEncoder.ENCODED_LENGTH + bodyEncoder.encodedLength();
        entryEncoder.bodyLength(bodyLength);
        return bodyOffset + bodyLength;
    }

    /**
     * @return a mix of the decoded fields.
     */
    @Benchmark
    public long decodeJournalEntry()
    {
        journalHeaderDecoder.wrap(entryBuffer, 0);
        entryDecoder.wrapAndApplyHeader(entryBuffer, 0, journalHeaderDecoder);
        final long header = entryDecoder.partitionId() + entryDecoder.view() + entryDecoder.op() + entryDecoder.timestampNs() +
            entryDecoder.bodyLength();
        final int bodyOffset = io.anthill.codecs.journal.MessageHeaderDecoder.ENCODED_LENGTH + entryDecoder.encodedLength();
        journalHeaderDecoder.wrap(entryBuffer, bodyOffset);
        if (journalHeaderDecoder.templateId() != ClientCommandDecoder.TEMPLATE_ID)
        {
            throw new IllegalStateException("not a ClientCommand");
        }
        bodyDecoder.wrapAndApplyHeader(entryBuffer, bodyOffset, journalHeaderDecoder);
        return header + bodyDecoder.sessionId() + bodyDecoder.requestId() + bodyDecoder.payloadLength();
    }
}
