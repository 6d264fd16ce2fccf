package io.peergate.bittorrent;

import io.peergate.support.Tagged;

/**
 * How a relay between a peer and its upstream ended. The tag is the metric's
 * {@code reason}.
 */
public enum RelayCloseReason implements Tagged {

    /** The peer or the upstream closed, or both finished sending. */
    CLOSED,
    /**
     * One side finished sending and the other did not within {@code half-close-timeout}.
     */
    HALF_CLOSE_TIMEOUT,
    /** No byte moved either way for {@code relay-idle-timeout}. */
    IDLE_TIMEOUT,
    /** Writes toward one side made no progress for {@code write-stall-timeout}. */
    WRITE_STALL,
    /** A socket error on either side. */
    ERROR;

}
