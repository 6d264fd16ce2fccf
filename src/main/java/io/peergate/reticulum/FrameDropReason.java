package io.peergate.reticulum;

/**
 * Why the HDLC decoder or the relay dropped a frame. The tag is the metric's
 * {@code reason}.
 */
public enum FrameDropReason {

    /** 19 bytes or fewer: shorter than any Reticulum packet header. */
    TOO_SHORT("too-short"),
    /** Longer than the interface's {@code hw-mtu}. */
    TOO_LONG("too-long"),
    /**
     * Input grew past twice {@code hw-mtu} without a closing FLAG; the buffer was
     * discarded.
     */
    UNTERMINATED("unterminated"),
    /** Seen recently (same Reticulum packet hash): not relayed again. */
    DUPLICATE("duplicate");

    private final String tag;

    FrameDropReason(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

}
