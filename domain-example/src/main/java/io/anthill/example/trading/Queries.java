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
     * @return the template id of a query of this schema that fits in {@code length}, or {@link #NOT_A_QUERY}.
     */
    static int templateIdOf(final MessageHeaderDecoder header, final DirectBuffer query, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return NOT_A_QUERY;
        }
        header.wrap(query, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID || header.version() > MessageHeaderDecoder.SCHEMA_VERSION ||
            header.blockLength() > length - MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return NOT_A_QUERY;
        }
        return header.templateId();
    }
}
