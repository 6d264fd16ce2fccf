package io.peergate.bittorrent;

/**
 * How a relay between a peer and its upstream ended. The tag is the metric's
 * {@code reason}.
 */
public enum RelayCloseReason {

    /** The peer or the upstream closed, or both finished sending. */
    CLOSED("closed"),
    /**
     * One side finished sending and the other did not within {@code half-close-timeout}.
     */
    HALF_CLOSE_TIMEOUT("half-close-timeout"),
    /** No byte moved either way for {@code relay-idle-timeout}. */
    IDLE_TIMEOUT("idle-timeout"),
    /** Writes toward one side made no progress for {@code write-stall-timeout}. */
    WRITE_STALL("write-stall"),
    /** A socket error on either side. */
    ERROR("error");

    private final String tag;

    RelayCloseReason(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

}
