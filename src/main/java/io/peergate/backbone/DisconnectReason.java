package io.peergate.backbone;

import io.peergate.support.Tagged;

/** Why a backbone peer went away. The tag is the metric's {@code reason}. */
public enum DisconnectReason implements Tagged {

    /** The peer closed, or its connection failed. */
    REMOTE_CLOSED,
    /** The peer sent nothing within {@code idle-timeout}. */
    IDLE_TIMEOUT,
    /**
     * Writes to the peer could not drain ({@code write-stall-timeout}, or more than 512
     * KiB queued).
     */
    WRITE_STALL,
    /** The node closed it: shutdown, or an operator's blacklist. */
    LOCAL;

}
