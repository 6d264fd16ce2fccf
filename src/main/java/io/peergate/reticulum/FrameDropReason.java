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
    DUPLICATE;

}
