package io.anthill.journal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import io.anthill.codecs.journal.JournalEntryHeaderDecoder;
import io.anthill.codecs.journal.JournalEntryHeaderEncoder;
import io.anthill.codecs.journal.MessageHeaderDecoder;
import io.anthill.codecs.journal.MessageHeaderEncoder;
import io.anthill.codecs.journal.SuffixTruncatedDecoder;
import io.anthill.codecs.journal.SuffixTruncatedEncoder;
import io.anthill.codecs.journal.TruncationReason;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes journal documents in one private staging buffer and verifies them where they lie in the mapped queue file:
 * messageHeader, then either a JournalEntryHeader and the body, or a SuffixTruncated marker. CRC32C covers the whole
 * document with the checksum field zeroed. One instance per writer or reader, reused for every document, so nothing
 * allocates.
 */
final class DocumentCodec
{
    static final int KIND_ENTRY = 1;
    static final int KIND_MARKER = 2;
    static final int KIND_CORRUPT = 3;

    static final int ENTRY_HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + JournalEntryHeaderEncoder.BLOCK_LENGTH;
    static final int MARKER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + SuffixTruncatedEncoder.BLOCK_LENGTH;
    private static final int ENTRY_CHECKSUM_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + JournalEntryHeaderEncoder.checksumEncodingOffset();
    private static final int MARKER_CHECKSUM_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + SuffixTruncatedEncoder.checksumEncodingOffset();
    private static final long UINT32_MASK = 0xFFFF_FFFFL;
    /**
     * The message header of an entry written by this version, as the little-endian long it is on disk.
     */
    private static final long CURRENT_ENTRY_HEADER = currentEntryHeader();
    /**
     * Room for a document's bytes up to and including its checksum field, copied with the field zeroed.
     */
    private static final int PREFIX_CAPACITY = 64;
    /**
     * Documents up to this length are checksummed from a private copy in one call; longer ones where they lie.
     */
    private static final int SMALL_DOCUMENT_LENGTH = 256;

    private final ByteBuffer byteBuffer;
    private final ByteBuffer checksumView;
    private final ByteBuffer addressView;
    private final ByteBuffer prefixView = ByteBuffer.allocateDirect(PREFIX_CAPACITY);
    private final UnsafeBuffer prefix = new UnsafeBuffer(prefixView);
    private final ByteBuffer scratchView = ByteBuffer.allocateDirect(SMALL_DOCUMENT_LENGTH);
    private final UnsafeBuffer scratch = new UnsafeBuffer(scratchView);
    private final UnsafeBuffer buffer;
    private final CRC32C crc = new CRC32C();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final JournalEntryHeaderEncoder entryEncoder = new JournalEntryHeaderEncoder();
    private final JournalEntryHeaderDecoder entryDecoder = new JournalEntryHeaderDecoder();
    private final SuffixTruncatedEncoder markerEncoder = new SuffixTruncatedEncoder();
    private final SuffixTruncatedDecoder markerDecoder = new SuffixTruncatedDecoder();
    private final int capacity;
    private DirectBuffer document;
    private long documentAddress;
    private int bodyOffset;
    private int bodyLength;
    private String corruptReason = "";
    private long storedChecksum;
    private long computedChecksum;

    DocumentCodec(final int maxBodyLength)
    {
        capacity = ENTRY_HEADER_LENGTH + maxBodyLength;
        byteBuffer = ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN);
        checksumView = byteBuffer.duplicate();
        addressView = byteBuffer.duplicate();
        buffer = new UnsafeBuffer(byteBuffer);
    }

    private static long currentEntryHeader()
    {
        final UnsafeBuffer header = new UnsafeBuffer(new byte[MessageHeaderEncoder.ENCODED_LENGTH]);
        new MessageHeaderEncoder().wrap(header, 0)
            .blockLength(JournalEntryHeaderEncoder.BLOCK_LENGTH)
            .templateId(JournalEntryHeaderEncoder.TEMPLATE_ID)
            .schemaId(JournalEntryHeaderEncoder.SCHEMA_ID)
            .version(JournalEntryHeaderEncoder.SCHEMA_VERSION);
        return header.getLong(0, ByteOrder.LITTLE_ENDIAN);
    }

    int capacity()
    {
        return capacity;
    }

    ByteBuffer byteBuffer()
    {
        return byteBuffer;
    }

    int encodeEntry(
        final int partitionId, final long view, final long op, final long timestampNs,
        final DirectBuffer body, final int offset, final int length)
    {
        entryEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .partitionId(partitionId)
            .checksum(0)
            .view(view)
            .op(op)
            .timestampNs(timestampNs)
            .bodyLength(length);
        buffer.putBytes(ENTRY_HEADER_LENGTH, body, offset, length);
        final int documentLength = ENTRY_HEADER_LENGTH + length;
        buffer.putInt(ENTRY_CHECKSUM_OFFSET, (int)checksum(documentLength));
        return documentLength;
    }

    int encodeMarker(final int partitionId, final long view, final long afterOp, final TruncationReason reason)
    {
        markerEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .partitionId(partitionId)
            .checksum(0)
            .view(view)
            .afterOp(afterOp)
            .reason(reason);
        buffer.putInt(MARKER_CHECKSUM_OFFSET, (int)checksum(MARKER_LENGTH));
        return MARKER_LENGTH;
    }

    /**
     * Verifies a document where it lies (the mapped queue file; nothing is copied) and wraps the matching decoder on
     * it. The decode idiom: header, schema id and version, template id, then the body with the header's blockLength
     * and version.
     *
     * @param document       a view of exactly the document.
     * @param address        the document's address, for the checksum.
     * @param documentLength the document's length.
     * @param checksum       false to skip the CRC32C of an entry that this process already verified (every other
     *                       check still runs; markers are always checksummed).
     */
    int verify(final DirectBuffer document, final long address, final int documentLength, final boolean checksum)
    {
        this.document = document;
        this.documentAddress = address;
        if (documentLength < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return corrupt("document shorter than a message header");
        }
        headerDecoder.wrap(document, 0);
        if (documentLength >= ENTRY_HEADER_LENGTH && document.getLong(0, ByteOrder.LITTLE_ENDIAN) == CURRENT_ENTRY_HEADER)
        {
            return verifyEntry(documentLength, JournalEntryHeaderDecoder.BLOCK_LENGTH, checksum); // replay's common case: one compare
        }
        if (headerDecoder.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return corrupt("schema id is not the journal's");
        }
        if (headerDecoder.version() < 1)
        {
            return corrupt("schema version below 1");
        }
        final int blockLength = headerDecoder.blockLength();
        switch (headerDecoder.templateId())
        {
            case JournalEntryHeaderDecoder.TEMPLATE_ID:
                return verifyEntry(documentLength, blockLength, checksum);
            case SuffixTruncatedDecoder.TEMPLATE_ID:
                return verifyMarker(documentLength, blockLength);
            default:
                return corrupt("unknown template id");
        }
    }

    private int verifyEntry(final int documentLength, final int blockLength, final boolean checksum)
    {
        if (blockLength < JournalEntryHeaderDecoder.BLOCK_LENGTH ||
            documentLength < MessageHeaderDecoder.ENCODED_LENGTH + blockLength)
        {
            return corrupt("entry header truncated");
        }
        entryDecoder.wrap(document, MessageHeaderDecoder.ENCODED_LENGTH, blockLength, headerDecoder.version());
        bodyOffset = MessageHeaderDecoder.ENCODED_LENGTH + blockLength;
        bodyLength = documentLength - bodyOffset;
        if (entryDecoder.bodyLength() != bodyLength)
        {
            return corrupt("bodyLength does not match the document length");
        }
        return !checksum || verifyChecksum(ENTRY_CHECKSUM_OFFSET, documentLength) ? KIND_ENTRY : KIND_CORRUPT;
    }

    private int verifyMarker(final int documentLength, final int blockLength)
    {
        if (blockLength < SuffixTruncatedDecoder.BLOCK_LENGTH ||
            documentLength != MessageHeaderDecoder.ENCODED_LENGTH + blockLength)
        {
            return corrupt("marker length does not match its block length");
        }
        markerDecoder.wrap(document, MessageHeaderDecoder.ENCODED_LENGTH, blockLength, headerDecoder.version());
        if (!verifyChecksum(MARKER_CHECKSUM_OFFSET, documentLength))
        {
            return KIND_CORRUPT;
        }
        final short reason = markerDecoder.reasonRaw();
        if (reason != TruncationReason.SUFFIX_REPLACED.value() && reason != TruncationReason.TORN_TAIL.value() &&
            reason != TruncationReason.SNAPSHOT_INSTALLED.value())
        {
            return corrupt("unknown truncation reason");
        }
        return KIND_MARKER;
    }

    private boolean verifyChecksum(final int checksumOffset, final int documentLength)
    {
        // the document is read where it lies and never written: checksum around the field, as if it were zero
        storedChecksum = document.getInt(checksumOffset, ByteOrder.LITTLE_ENDIAN) & UINT32_MASK;
        if (documentLength <= SMALL_DOCUMENT_LENGTH)
        {
            // small documents: one copy and one CRC32C call cost less than two calls
            scratch.putBytes(0, document, 0, documentLength);
            scratch.putInt(checksumOffset, 0);
            scratchView.limit(documentLength).position(0);
            crc.reset();
            crc.update(scratchView);
        }
        else
        {
            final int afterField = checksumOffset + Integer.BYTES;
            for (int i = 0; i < checksumOffset; i += Integer.BYTES)
            {
                prefix.putInt(i, document.getInt(i));
            }
            prefix.putInt(checksumOffset, 0);
            prefixView.limit(afterField).position(0);
            crc.reset();
            crc.update(prefixView);
            updateChecksum(documentAddress + afterField, documentLength - afterField);
        }
        computedChecksum = crc.getValue();
        if (storedChecksum != computedChecksum)
        {
            corrupt("checksum mismatch");
            return false;
        }
        return true;
    }

    private long checksum(final int length)
    {
        checksumView.limit(length).position(0);
        crc.reset();
        crc.update(checksumView);
        return crc.getValue();
    }

    /**
     * CRC32C over memory outside any ByteBuffer (the mapped queue file), through the JDK's intrinsic: a spare direct
     * ByteBuffer view is pointed at the memory. The view is a duplicate (it owns no memory, has no cleaner) and its
     * capacity is the largest document, so every document fits.
     */
    private void updateChecksum(final long address, final int length)
    {
        UnsafeApi.putLong(addressView, BufferUtil.BYTE_BUFFER_ADDRESS_FIELD_OFFSET, address);
        addressView.limit(length).position(0);
        crc.update(addressView);
    }

    private int corrupt(final String reason)
    {
        corruptReason = reason;
        return KIND_CORRUPT;
    }

    /**
     * Describes the last corrupt document; allocates, so only on the failure path.
     */
    String corruptDescription()
    {
        if ("checksum mismatch".equals(corruptReason))
        {
            return corruptReason + " (stored 0x" + Long.toHexString(storedChecksum) + ", computed 0x" +
                Long.toHexString(computedChecksum) + ")";
        }
        return corruptReason;
    }

    /**
     * @return the partition id field of the document in the staging buffer, read without verification (entries and
     * markers both carry it first in their block), or -1 when the document is too short or not a journal document.
     */
    int partitionIdUnverified(final int documentLength)
    {
        final int fieldOffset = MessageHeaderDecoder.ENCODED_LENGTH + JournalEntryHeaderDecoder.partitionIdEncodingOffset();
        if (null == document || documentLength < fieldOffset + Integer.BYTES)
        {
            return -1; // too short, or too long to have been looked at
        }
        headerDecoder.wrap(document, 0);
        return headerDecoder.schemaId() == MessageHeaderDecoder.SCHEMA_ID ?
            document.getInt(fieldOffset, ByteOrder.LITTLE_ENDIAN) : -1;
    }

    MessageHeaderDecoder headerDecoder()
    {
        return headerDecoder;
    }

    JournalEntryHeaderDecoder entryDecoder()
    {
        return entryDecoder;
    }

    SuffixTruncatedDecoder markerDecoder()
    {
        return markerDecoder;
    }

    void fill(final JournalEntry entry)
    {
        entry.wrap(entryDecoder, document, bodyOffset, bodyLength);
    }
}
