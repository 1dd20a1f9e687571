package io.anthill.example.trading;

import io.anthill.example.trading.codecs.MessageHeaderDecoder;
import org.agrona.DirectBuffer;

/**
 * The first half of the decode idiom for the queries the read models answer: a read model asks which template a
 * query is, and answers only its own. A query is a client's input, so a malformed one is "not mine", not a failure.
 */
final class Queries
{
    static final int NOT_A_QUERY = -1;

    private Queries()
    {
    }

    /**
     * Wraps the header and checks that the query is of this schema and version, of the given template, and long enough
     * for that template's block.
     *
     * @return true if the caller may wrap its decoder at {@code offset + MessageHeaderDecoder.ENCODED_LENGTH}.
     */
    static boolean isQuery(
        final MessageHeaderDecoder header,
        final DirectBuffer query,
        final int offset,
        final int length,
        final int templateId,
        final int blockLength)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return false;
        }
        header.wrap(query, offset);
        return header.schemaId() == MessageHeaderDecoder.SCHEMA_ID && header.version() <= MessageHeaderDecoder.SCHEMA_VERSION &&
            header.templateId() == templateId && header.blockLength() >= blockLength &&
            header.blockLength() <= length - MessageHeaderDecoder.ENCODED_LENGTH;
    }
}
