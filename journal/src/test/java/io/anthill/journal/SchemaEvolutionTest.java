package io.anthill.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.anthill.codecs.journal.ClientCommandDecoder;
import io.anthill.codecs.journal.ClientCommandEncoder;
import io.anthill.codecs.journal.MessageHeaderDecoder;
import io.anthill.codecs.journal.MessageHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schemas only grow: a journal written by version 1 of ClientCommand (the production codecs) replays with version 2
 * (codecs generated from the test-only codecs/src/test/resources/sbe/journal-v2-evolution.xml, which adds fields with
 * sinceVersion="2"), and entries written by version 2 still replay with version 1 codecs. Bodies go through a real
 * journal, a close and a reopen, so what is proven is replay, not just a buffer round trip.
 */
class SchemaEvolutionTest
{
    private static final long V1_OPS = 3;
    private static final long V2_OPS = 2;

    @TempDir
    Path dir;

    private final ExpandableArrayBuffer bodyBuffer = new ExpandableArrayBuffer(256);

    /**
     * A decoded command, whichever version decoded it; new fields hold the null value when absent.
     */
    record Command(long sessionId, long requestId, long clientTimestampNs, int priority, byte[] payload, byte[] traceContext)
    {
    }

    @Test
    void shouldReplayVersionOneEntriesWithVersionTwoCodecsAndBack()
    {
        try (Journal journal = JournalFixtures.open(dir))
        {
            for (long op = 1; op <= V1_OPS; op++)
            {
                final int length = encodeV1(op);
                journal.append(1, op, op, bodyBuffer, 0, length);
            }
        }
        final List<Command> asV2 = replay(this::decodeV2);
        for (int i = 0; i < V1_OPS; i++)
        {
            final long op = i + 1;
            final Command command = asV2.get(i);
            assertEquals(1000 + op, command.sessionId());
            assertEquals(op, command.requestId());
            assertArrayEquals(payload(op), command.payload());
            assertEquals(io.anthill.codecs.journal.evolution.ClientCommandDecoder.clientTimestampNsNullValue(),
                command.clientTimestampNs(), "a field added in version 2 reads as null from a version 1 entry");
            assertEquals(io.anthill.codecs.journal.evolution.ClientCommandDecoder.priorityNullValue(), command.priority());
            assertEquals(0, command.traceContext().length);
        }

        try (Journal journal = JournalFixtures.open(dir))
        {
            for (long op = V1_OPS + 1; op <= V1_OPS + V2_OPS; op++)
            {
                final int length = encodeV2(op);
                journal.append(1, op, op, bodyBuffer, 0, length);
            }
        }
        final List<Command> allAsV2 = replay(this::decodeV2);
        final List<Command> allAsV1 = replay(this::decodeV1);
        assertEquals(V1_OPS + V2_OPS, allAsV2.size());
        for (int i = (int)V1_OPS; i < V1_OPS + V2_OPS; i++)
        {
            final long op = i + 1;
            final Command current = allAsV2.get(i);
            assertEquals(1000 + op, current.sessionId());
            assertEquals(op, current.requestId());
            assertEquals(77 * op, current.clientTimestampNs());
            assertEquals((int)op, current.priority());
            assertArrayEquals(payload(op), current.payload());
            assertArrayEquals(trace(op), current.traceContext());
            // an older replica reading a newer entry: it skips the fields it does not know, by blockLength
            final Command old = allAsV1.get(i);
            assertEquals(1000 + op, old.sessionId());
            assertEquals(op, old.requestId());
            assertArrayEquals(payload(op), old.payload());
        }
    }

    private List<Command> replay(final BodyDecoder decoder)
    {
        final List<Command> commands = new ArrayList<>();
        try (Journal journal = JournalFixtures.open(dir);
            JournalReader reader = journal.reader(1))
        {
            while (reader.poll(entry -> commands.add(decoder.decode(entry.body(), entry.bodyOffset())), 10) > 0)
            {
                continue;
            }
        }
        return commands;
    }

    @FunctionalInterface
    interface BodyDecoder
    {
        Command decode(DirectBuffer buffer, int offset);
    }

    private int encodeV1(final long op)
    {
        final ClientCommandEncoder encoder = new ClientCommandEncoder();
        encoder.wrapAndApplyHeader(bodyBuffer, 0, new MessageHeaderEncoder())
            .sessionId(1000 + op)
            .requestId(op);
        final byte[] payload = payload(op);
        encoder.putPayload(payload, 0, payload.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private int encodeV2(final long op)
    {
        final io.anthill.codecs.journal.evolution.ClientCommandEncoder encoder =
            new io.anthill.codecs.journal.evolution.ClientCommandEncoder();
        encoder.wrapAndApplyHeader(bodyBuffer, 0, new io.anthill.codecs.journal.evolution.MessageHeaderEncoder())
            .sessionId(1000 + op)
            .requestId(op)
            .clientTimestampNs(77 * op)
            .priority((int)op);
        final byte[] payload = payload(op);
        encoder.putPayload(payload, 0, payload.length);
        final byte[] trace = trace(op);
        encoder.putTraceContext(trace, 0, trace.length);
        return io.anthill.codecs.journal.evolution.MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    /**
     * The decode idiom: header, schema id and version, template id, then the body with the header's block length and
     * version.
     */
    private Command decodeV1(final DirectBuffer buffer, final int offset)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offset);
        assertEquals(MessageHeaderDecoder.SCHEMA_ID, header.schemaId());
        assertEquals(ClientCommandDecoder.TEMPLATE_ID, header.templateId());
        final ClientCommandDecoder decoder = new ClientCommandDecoder()
            .wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        final long sessionId = decoder.sessionId();
        final long requestId = decoder.requestId();
        final byte[] payload = new byte[decoder.payloadLength()];
        decoder.getPayload(payload, 0, payload.length);
        return new Command(sessionId, requestId, Long.MIN_VALUE, Integer.MIN_VALUE, payload, new byte[0]);
    }

    private Command decodeV2(final DirectBuffer buffer, final int offset)
    {
        final io.anthill.codecs.journal.evolution.MessageHeaderDecoder header =
            new io.anthill.codecs.journal.evolution.MessageHeaderDecoder().wrap(buffer, offset);
        assertEquals(io.anthill.codecs.journal.evolution.MessageHeaderDecoder.SCHEMA_ID, header.schemaId());
        assertEquals(io.anthill.codecs.journal.evolution.ClientCommandDecoder.TEMPLATE_ID, header.templateId());
        final io.anthill.codecs.journal.evolution.ClientCommandDecoder decoder =
            new io.anthill.codecs.journal.evolution.ClientCommandDecoder().wrap(
                buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        final long sessionId = decoder.sessionId();
        final long requestId = decoder.requestId();
        final long clientTimestampNs = decoder.clientTimestampNs();
        final int priority = decoder.priority();
        final byte[] payload = new byte[decoder.payloadLength()];
        decoder.getPayload(payload, 0, payload.length);
        final byte[] trace = new byte[decoder.traceContextLength()];
        decoder.getTraceContext(trace, 0, trace.length);
        return new Command(sessionId, requestId, clientTimestampNs, priority, payload, trace);
    }

    private static byte[] payload(final long op)
    {
        return ("order-" + op + "-" + "x".repeat((int)op * 3)).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] trace(final long op)
    {
        return ("trace-" + op).getBytes(StandardCharsets.US_ASCII);
    }
}
