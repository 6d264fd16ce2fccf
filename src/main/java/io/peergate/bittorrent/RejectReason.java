package io.peergate.bittorrent;

/**
 * Why the gateway closed an inbound connection before relaying it. The tag is the
 * metric's {@code reason}.
 */
public enum RejectReason {

    /** Live inbound connections were at {@code max-connections}. */
    CAP("cap"),
    /** Connections still identifying were at {@code max-pending}. */
    PENDING_CAP("pending-cap"),
    /** First byte was not 0x13: MSE/PE encryption or garbage. */
    ENCRYPTED("encrypted"),
    /** First 20 bytes were not {@code \x13BitTorrent protocol}. */
    NOT_BITTORRENT("not-bittorrent"),
    /** The peer closed or failed before sending 48 bytes. */
    CLOSED_EARLY("closed-early"),
    /** The peer did not send 48 bytes within {@code identify-timeout}. */
    TIMEOUT("timeout"),
    /** The info hash is not in the registry. */
    UNKNOWN_TORRENT("unknown-torrent"),
    /**
     * The torrent's upstream could not be reached within
     * {@code upstream-connect-timeout}.
     */
    UPSTREAM_UNAVAILABLE("upstream-unavailable");

    private final String tag;

    RejectReason(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

}
