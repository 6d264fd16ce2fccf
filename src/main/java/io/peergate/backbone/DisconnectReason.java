package io.peergate.backbone;

/** Why a backbone peer went away. The tag is the metric's {@code reason}. */
public enum DisconnectReason {

    /** The peer closed, or its connection failed. */
    REMOTE_CLOSED("remote-closed"),
    /** The peer sent nothing within {@code idle-timeout}. */
    IDLE_TIMEOUT("idle-timeout"),
    /**
     * Writes to the peer could not drain ({@code write-stall-timeout}, or more than 512
     * KiB queued).
     */
    WRITE_STALL("write-stall"),
    /** The node closed it: shutdown, or an operator's blacklist. */
    LOCAL("local");

    private final String tag;

    DisconnectReason(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

}
