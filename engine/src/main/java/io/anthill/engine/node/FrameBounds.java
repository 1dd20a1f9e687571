package io.anthill.engine.node;

import java.nio.ByteOrder;

import io.anthill.codecs.client.CommandBatchDecoder;
import org.agrona.DirectBuffer;

/**
 * Checks a frame's variable-length parts against the frame's end before a generated decoder reads them: SBE
 * flyweights trust the lengths they find, so a lying length would make them read past the frame (into another
 * frame's bytes, or out of the buffer). Shared by the data-plane and control-plane adapters, and by the node's control
 * endpoint, which reads a request's return address before the adapter answers it.
 */
public final class FrameBounds
{
    /** Bytes of the length prefix of every var-data field in the client protocol ({@code uint32}). */
    public static final int VAR_LENGTH_BYTES = 4;

    private FrameBounds()
    {
    }

    /**
     * @return the length of the var-data field at {@code at}, or -1 if its length prefix or its bytes run past end.
     */
    public static int varLength(final DirectBuffer buffer, final int at, final int end)
    {
        if (at + VAR_LENGTH_BYTES > end)
        {
            return -1;
        }
        final long length = buffer.getInt(at, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
        return length > end - at - VAR_LENGTH_BYTES ? -1 : (int)length;
    }

    /**
     * Walks a CommandBatch's group: its header, every element's block and payload, all within the frame.
     *
     * @return true if the whole group lies within the frame.
     */
    static boolean batchFits(final DirectBuffer buffer, final int groupOffset, final int end)
    {
        final int groupHeaderLength = CommandBatchDecoder.CommandsDecoder.HEADER_SIZE;
        if (groupOffset + groupHeaderLength > end)
        {
            return false;
        }
        final int elementBlockLength = buffer.getShort(groupOffset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int count = buffer.getShort(groupOffset + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (elementBlockLength < CommandBatchDecoder.CommandsDecoder.sbeBlockLength())
        {
            return false;
        }
        int position = groupOffset + groupHeaderLength;
        for (int i = 0; i < count; i++)
        {
            final int length = varLength(buffer, position + elementBlockLength, end);
            if (length < 0)
            {
                return false;
            }
            position += elementBlockLength + VAR_LENGTH_BYTES + length;
        }
        return true;
    }
}
