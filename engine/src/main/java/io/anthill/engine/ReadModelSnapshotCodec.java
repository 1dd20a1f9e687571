package io.anthill.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.anthill.codecs.snapshot.MessageHeaderDecoder;
import io.anthill.codecs.snapshot.MessageHeaderEncoder;
import io.anthill.codecs.snapshot.PartitionSnapshotDecoder;
import io.anthill.codecs.snapshot.ReadModelSnapshotDecoder;
import io.anthill.codecs.snapshot.ReadModelSnapshotEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The read models' parts of a partition snapshot's state bytes: after the {@code PartitionSnapshot} message, one SBE
 * {@code ReadModelSnapshot} message per read model (its name, the op, its own encoding as opaque data). Appending
 * messages rather than growing {@code PartitionSnapshot} keeps a snapshot without read models byte for byte what it
 * was, so older snapshots and tools reading only the partition part stay valid.
 */
final class ReadModelSnapshotCodec
{
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ReadModelSnapshotEncoder encoder = new ReadModelSnapshotEncoder();
    private final ReadModelSnapshotDecoder decoder = new ReadModelSnapshotDecoder();
    private final PartitionSnapshotDecoder partitionDecoder = new PartitionSnapshotDecoder();

    /**
     * @return the number of bytes written at offset.
     */
    int encode(
        final MutableDirectBuffer buffer, final int offset, final byte[] asciiName, final long op,
        final DirectBuffer state, final int stateLength)
    {
        encoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .op(op)
            .putName(asciiName, 0, asciiName.length)
            .putState(state, 0, stateLength);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    /**
     * Finds every named read model's part in a snapshot's state bytes.
     *
     * @param op           the snapshot's op, which every part must carry.
     * @param names        the partition's read models, by index.
     * @param stateOffsets receives, per read model, where its state starts.
     * @param stateLengths receives, per read model, its state's length, or -1 when the snapshot lacks it.
     * @return the name of the first read model the snapshot lacks, or null when it holds them all.
     */
    String locate(
        final DirectBuffer buffer, final int offset, final int length, final long op, final String[] names,
        final int[] stateOffsets, final int[] stateLengths)
    {
        Arrays.fill(stateLengths, -1);
        final int end = offset + length;
        int position = offset + partitionSnapshotLength(buffer, offset);
        while (position < end)
        {
            wrapPart(buffer, position);
            final String name = decoder.name();
            final int stateLength = decoder.stateLength();
            final int stateOffset = decoder.limit() + ReadModelSnapshotDecoder.stateHeaderLength();
            if (decoder.op() != op)
            {
                throw new IllegalStateException("read model " + name + " in the snapshot at op " + op +
                    " was taken at op " + decoder.op());
            }
            for (int i = 0; i < names.length; i++)
            {
                if (names[i].equals(name))
                {
                    stateOffsets[i] = stateOffset;
                    stateLengths[i] = stateLength;
                }
            }
            position = stateOffset + stateLength;
        }
        if (position != end)
        {
            throw new IllegalStateException("read model parts of the snapshot at op " + op + " overran its " + length +
                " bytes");
        }
        for (int i = 0; i < names.length; i++)
        {
            if (stateLengths[i] < 0)
            {
                return names[i];
            }
        }
        return null;
    }

    static byte[] asciiName(final Projection projection)
    {
        return projection.name().getBytes(StandardCharsets.US_ASCII);
    }

    private int partitionSnapshotLength(final DirectBuffer buffer, final int offset)
    {
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != PartitionSnapshotDecoder.SCHEMA_ID ||
            headerDecoder.templateId() != PartitionSnapshotDecoder.TEMPLATE_ID)
        {
            throw new IllegalStateException("not a partition snapshot: schema " + headerDecoder.schemaId() +
                ", template " + headerDecoder.templateId());
        }
        partitionDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
        return MessageHeaderDecoder.ENCODED_LENGTH + partitionDecoder.sbeDecodedLength();
    }

    private void wrapPart(final DirectBuffer buffer, final int position)
    {
        headerDecoder.wrap(buffer, position);
        if (headerDecoder.schemaId() != ReadModelSnapshotDecoder.SCHEMA_ID ||
            headerDecoder.templateId() != ReadModelSnapshotDecoder.TEMPLATE_ID)
        {
            throw new IllegalStateException("not a read model snapshot: schema " + headerDecoder.schemaId() +
                ", template " + headerDecoder.templateId());
        }
        decoder.wrap(buffer, position + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
    }
}
