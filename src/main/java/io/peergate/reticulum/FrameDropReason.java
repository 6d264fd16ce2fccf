package io.peergate.reticulum;

import io.peergate.support.Tagged;

/**
 * Why the HDLC decoder or the relay dropped a frame. The tag is the metric's
 * {@code reason}.
 */
public enum FrameDropReason implements Tagged {

    /** 19 bytes or fewer: shorter than any Reticulum packet header. */
    TOO_SHORT,
    /** Longer than the interface's {@code hw-mtu}. */
    TOO_LONG,
    /**
     * Input grew past twice {@code hw-mtu} without a closing FLAG; the buffer was
     * discarded.
     */
    UNTERMINATED,
    /** Seen recently (same Reticulum packet hash): not relayed again. */
    DUPLICATE,
    /**
     * Not sent to one peer: it would have taken that peer's send queue past
     * {@code max-queued}. Counted on the receiving peer's interface.
     */
    QUEUE_FULL,
    /**
     * Received from a peer over its ingress limit and not relayed. Counted on the sending
     * peer's interface.
     */
    INGRESS_LIMIT;

}
