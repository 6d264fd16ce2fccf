package io.peergate.bittorrent;

import io.peergate.support.Tagged;

/**
 * Why the gateway closed an inbound connection before relaying it. The tag is the
 * metric's {@code reason}.
 */
public enum RejectReason implements Tagged {

    /** Live inbound connections were at {@code max-connections}. */
    CAP,
    /** Connections still identifying were at {@code max-pending}. */
    PENDING_CAP,
    /** First byte was not 0x13: MSE/PE encryption or garbage. */
    ENCRYPTED,
    /** First 20 bytes were not {@code \x13BitTorrent protocol}. */
    NOT_BITTORRENT,
    /** The peer closed or failed before sending 48 bytes. */
    CLOSED_EARLY,
    /** The peer did not send 48 bytes within {@code identify-timeout}. */
    TIMEOUT,
    /** The info hash is not in the registry. */
    UNKNOWN_TORRENT,
    /**
     * The torrent's upstream could not be reached within
     * {@code upstream-connect-timeout}.
     */
    UPSTREAM_UNAVAILABLE;

}
