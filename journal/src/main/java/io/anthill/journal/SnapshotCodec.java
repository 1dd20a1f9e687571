package io.anthill.journal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import io.anthill.codecs.snapshot.MessageHeaderDecoder;
import io.anthill.codecs.snapshot.MessageHeaderEncoder;
import io.anthill.codecs.snapshot.SnapshotHeaderDecoder;
import io.anthill.codecs.snapshot.SnapshotHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes and verifies snapshot headers (snapshot.xml) and the CRC32C that guards header and state. The checksum
 * covers the message header and the header block with the checksum field zeroed, then the state bytes. Owned by one
 * {@link SnapshotStore}; reuses its buffers.
 */
final class SnapshotCodec
{
    static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + SnapshotHeaderEncoder.BLOCK_LENGTH;
    private static final int CHECKSUM_OFFSET_IN_BLOCK = SnapshotHeaderEncoder.checksumEncodingOffset();
    private static final int SCRATCH_LENGTH = 64 << 10;
    private static final long UINT32_MASK = 0xFFFF_FFFFL;

    private final ByteBuffer headerByteBuffer = ByteBuffer.allocateDirect(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    private final UnsafeBuffer headerBuffer = new UnsafeBuffer(headerByteBuffer);
    private final ByteBuffer scratchByteBuffer = ByteBuffer.allocateDirect(SCRATCH_LENGTH);
    private final UnsafeBuffer scratchBuffer = new UnsafeBuffer(scratchByteBuffer);
    private final MessageHeaderEncoder messageHeaderEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder messageHeaderDecoder = new MessageHeaderDecoder();
    private final SnapshotHeaderEncoder encoder = new SnapshotHeaderEncoder();
    private final SnapshotHeaderDecoder decoder = new SnapshotHeaderDecoder();
    private final CRC32C crc = new CRC32C();

    /**
     * Encodes the header with the checksum zeroed and starts the checksum over it.
     */
    ByteBuffer beginHeader(
        final int partitionId, final long view, final long op, final long timestampNs, final int stateFormatVersion,
        final long stateLength)
    {
        encoder.wrapAndApplyHeader(headerBuffer, 0, messageHeaderEncoder)
            .partitionId(partitionId)
            .checksum(0)
            .view(view)
            .op(op)
            .timestampNs(timestampNs)
            .stateLength(stateLength)
            .stateFormatVersion(stateFormatVersion);
        crc.reset();
        crc.update(headerView());
        return headerView();
    }

    /**
     * Adds state bytes to the running checksum and returns them as a ByteBuffer to write: a view of the caller's
     * memory when it has one, else a copy of up to {@link #SCRATCH_LENGTH} bytes (call again for the rest).
     */
    ByteBuffer stateChunk(final DirectBuffer state, final int offset, final int remaining)
    {
        ByteBuffer chunk = viewOf(state, offset, remaining);
        if (null == chunk)
        {
            final int length = Math.min(SCRATCH_LENGTH, remaining);
            scratchBuffer.putBytes(0, state, offset, length);
            chunk = scratchByteBuffer.duplicate();
            chunk.limit(length).position(0);
        }
        crc.update(chunk.duplicate());
        return chunk;
    }

    /**
     * Ends the checksum and puts it in the header.
     *
     * @return the finished header to write at position 0.
     */
    ByteBuffer finishHeader()
    {
        final long checksum = crc.getValue();
        encoder.checksum(checksum);
        return headerView();
    }

    private ByteBuffer headerView()
    {
        final ByteBuffer view = headerByteBuffer.duplicate();
        view.limit(HEADER_LENGTH).position(0);
        return view;
    }

    private static ByteBuffer viewOf(final DirectBuffer state, final int offset, final int length)
    {
        final byte[] array = state.byteArray();
        if (null != array)
        {
            return ByteBuffer.wrap(array, state.wrapAdjustment() + offset, length);
        }
        final ByteBuffer byteBuffer = state.byteBuffer();
        if (null != byteBuffer)
        {
            final int start = state.wrapAdjustment() + offset;
            final ByteBuffer view = byteBuffer.duplicate();
            view.clear();
            view.limit(start + length).position(start);
            return view;
        }
        return null;
    }

    /**
     * Decodes the header at the start of buffer without verifying the checksum.
     *
     * @return the header's block length, or a negative number when the bytes are not a snapshot header.
     */
    int wrapHeader(final DirectBuffer buffer, final long fileLength)
    {
        if (fileLength < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return -1;
        }
        messageHeaderDecoder.wrap(buffer, 0);
        final int blockLength = messageHeaderDecoder.blockLength();
        if (messageHeaderDecoder.schemaId() != SnapshotHeaderDecoder.SCHEMA_ID ||
            messageHeaderDecoder.templateId() != SnapshotHeaderDecoder.TEMPLATE_ID ||
            messageHeaderDecoder.version() < 1 ||
            blockLength < SnapshotHeaderDecoder.BLOCK_LENGTH ||
            fileLength < MessageHeaderDecoder.ENCODED_LENGTH + blockLength)
        {
            return -1;
        }
        decoder.wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, blockLength, messageHeaderDecoder.version());
        return blockLength;
    }

    SnapshotHeaderDecoder decoder()
    {
        return decoder;
    }

    SnapshotInfo info(final Path file)
    {
        return new SnapshotInfo(decoder.partitionId(), decoder.view(), decoder.op(), decoder.timestampNs(),
            decoder.stateFormatVersion(), decoder.stateLength(), file);
    }

    /**
     * Verifies a whole snapshot file already read into bytes[0, fileLength).
     *
     * @return the state offset.
     * @throws SnapshotCorruptedException naming the file and why.
     */
    int verify(final MutableDirectBuffer bytes, final int fileLength, final Path file, final int partitionId, final long op)
    {
        final int blockLength = wrapHeader(bytes, fileLength);
        if (blockLength < 0)
        {
            throw new SnapshotCorruptedException(file, "not a snapshot header (" + fileLength + " bytes, schema " +
                (fileLength >= MessageHeaderDecoder.ENCODED_LENGTH ? messageHeaderDecoder.schemaId() : -1) + ")");
        }
        final int stateOffset = MessageHeaderDecoder.ENCODED_LENGTH + blockLength;
        if (decoder.partitionId() != partitionId || decoder.op() != op)
        {
            throw new SnapshotCorruptedException(file, "header says partition " + decoder.partitionId() + " op " +
                decoder.op() + ", file name says partition " + partitionId + " op " + op);
        }
        if (decoder.stateLength() != fileLength - stateOffset)
        {
            throw new SnapshotCorruptedException(file, "header says " + decoder.stateLength() + " state bytes, file holds " +
                (fileLength - stateOffset));
        }
        final int checksumOffset = MessageHeaderDecoder.ENCODED_LENGTH + CHECKSUM_OFFSET_IN_BLOCK;
        final long stored = decoder.checksum();
        bytes.putInt(checksumOffset, 0, ByteOrder.LITTLE_ENDIAN);
        crc.reset();
        crc.update(bytes.byteArray(), bytes.wrapAdjustment(), fileLength);
        final long computed = crc.getValue() & UINT32_MASK;
        bytes.putInt(checksumOffset, (int)stored, ByteOrder.LITTLE_ENDIAN);
        if (computed != stored)
        {
            throw new SnapshotCorruptedException(file, "checksum mismatch (stored 0x" + Long.toHexString(stored) +
                ", computed 0x" + Long.toHexString(computed) + ")");
        }
        return stateOffset;
    }
}
