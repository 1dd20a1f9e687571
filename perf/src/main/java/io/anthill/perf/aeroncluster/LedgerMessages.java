package io.anthill.perf.aeroncluster;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The byte layout of the Aeron Cluster ledger's commands and responses, little-endian, fixed length.
 *
 * <p>Decision: a hand-written layout here, not an SBE schema in {@code codecs}: this ledger exists only to measure
 * Aeron Cluster next to our engine, it is never a contract with a client, and keeping it out of the product's schemas
 * keeps the comparison from shaping them. Commands (client to service): template, request id, then three longs whose
 * meaning depends on the template. Responses (service to client): template {@link #RESPONSE}, request id, result code,
 * then the balance after a deposit or the conservation digest.
 */
final class LedgerMessages
{
    /** Credit {@code amount} to {@code account}. */
    static final int DEPOSIT = 1;
    /** Move {@code amount} from {@code account} to {@code otherAccount}, if the balance allows it. */
    static final int TRANSFER = 2;
    /** Ask for the conservation digest; every member also writes it to its digest file. */
    static final int DIGEST = 3;
    /** The service's answer to one command. */
    static final int RESPONSE = 10;
    /** A snapshot fragment: template, balance count, total deposited, then (account, balance) pairs. */
    static final int SNAPSHOT_BALANCES = 20;

    static final int TEMPLATE_OFFSET = 0;
    static final int REQUEST_ID_OFFSET = 4;
    static final int ACCOUNT_OFFSET = 12;
    static final int OTHER_ACCOUNT_OFFSET = 20;
    static final int AMOUNT_OFFSET = 28;
    static final int COMMAND_LENGTH = 36;

    static final int RESULT_OFFSET = 12;
    static final int VALUE_OFFSET = 16;
    static final int RESPONSE_LENGTH = 24;

    /** The command was applied. */
    static final int RESULT_OK = 0;
    /** A transfer larger than the balance: nothing was applied (an expected outcome, not an error). */
    static final int RESULT_INSUFFICIENT_FUNDS = 1;
    /** Not a command this service knows, or too short. */
    static final int RESULT_MALFORMED = 2;

    private LedgerMessages()
    {
    }

    static void encodeCommand(
        final MutableDirectBuffer buffer, final int template, final long requestId, final long account,
        final long otherAccount, final long amount)
    {
        buffer.putInt(TEMPLATE_OFFSET, template);
        buffer.putLong(REQUEST_ID_OFFSET, requestId);
        buffer.putLong(ACCOUNT_OFFSET, account);
        buffer.putLong(OTHER_ACCOUNT_OFFSET, otherAccount);
        buffer.putLong(AMOUNT_OFFSET, amount);
    }

    static void encodeResponse(final MutableDirectBuffer buffer, final long requestId, final int result, final long value)
    {
        buffer.putInt(TEMPLATE_OFFSET, RESPONSE);
        buffer.putLong(REQUEST_ID_OFFSET, requestId);
        buffer.putInt(RESULT_OFFSET, result);
        buffer.putLong(VALUE_OFFSET, value);
    }

    static boolean isResponse(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= RESPONSE_LENGTH && buffer.getInt(offset + TEMPLATE_OFFSET) == RESPONSE;
    }
}
