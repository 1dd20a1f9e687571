package io.anthill.engine.node;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The human-readable detail of each refusal the ingress and control plane give, encoded once at class load so a
 * refusal allocates nothing.
 */
enum RefusalDetail
{
    FRAME_TOO_SHORT("frame shorter than its message header"),
    FRAME_TOO_LONG("frame longer than 1 MiB"),
    WRONG_SCHEMA("not a client-protocol frame (schema id)"),
    BAD_VERSION("schema version 0"),
    BLOCK_TOO_SHORT("message block shorter than its fields"),
    FIELD_PAST_FRAME("a length runs past the end of the frame"),
    BAD_ENUM("an enum field has no such value"),
    NOT_A_REQUEST("not a request this plane serves"),
    NOT_CONNECTED("session not connected; send Connect first"),
    BAD_CREDENTIAL("credential missing or wrong"),
    SESSIONS_FULL("session table full"),
    NOT_A_PARTITION("no such partition in this deployment"),
    NOT_HOSTED("partition assigned here but not hosted; add it through the control plane"),
    OTHER_HOST("partition hosted by another node; use the redirect"),
    NOT_RUNNING("partition not running"),
    RING_FULL("partition ring full"),
    QUEUE_DELAY("queueing delay over the SLA"),
    READ_QUEUE_FULL("read model queue full"),
    NO_READ_MODEL("no such read model"),
    PAYLOAD("payload longer than the partition accepts"),
    RATE_LIMITED("control plane rate limit"),
    FAILED("request failed; see the node's error log"),
    NONE("");

    private final UnsafeBuffer encoded;

    RefusalDetail(final String text)
    {
        this.encoded = new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8));
    }

    DirectBuffer encoded()
    {
        return encoded;
    }

    int length()
    {
        return encoded.capacity();
    }
}
