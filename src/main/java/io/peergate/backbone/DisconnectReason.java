package io.peergate.backbone;

import io.peergate.support.Tagged;

/** Why a backbone peer went away. The tag is the metric's {@code reason}. */
public enum DisconnectReason implements Tagged {

    /** The peer closed, or its connection failed. */
    REMOTE_CLOSED,
    /** The peer sent nothing within {@code idle-timeout}. */
    IDLE_TIMEOUT,
    /** Writes to the peer made no progress at all for {@code write-stall-timeout}. */
    WRITE_STALL,
    /**
     * A frame would have taken the peer past {@code max-queued} on an interface set to
     * {@code on-queue-full: cut}. Often someone else's flood: never held against the
     * peer.
     */
    QUEUE_FULL,
    /**
     * The node blacklisted the peer's IP while it was connected: an operator, or an abuse
     * rule that fires during a connection ({@code flooding}).
     */
    BLACKLISTED,
    /** The node closed it: shutdown, a reconnect or a stop. */
    LOCAL;

    /**
     * Whether the abuse rules may look at this disconnect: not when the node itself
     * decided it, nor when the peer was cut for a queue others may have filled.
     */
    public boolean countsAgainstPeer() {
        return this == REMOTE_CLOSED || this == IDLE_TIMEOUT || this == WRITE_STALL;
    }

}
