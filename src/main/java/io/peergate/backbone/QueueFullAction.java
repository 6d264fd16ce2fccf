package io.peergate.backbone;

import io.peergate.support.Tagged;

/**
 * What a backbone interface does when a frame would take a peer's send queue past
 * {@code max-queued} ({@code on-queue-full}).
 */
public enum QueueFullAction implements Tagged {

    /**
     * That frame is not sent to that peer (counted as {@code queue-full}); the peer stays
     * connected. Reticulum's links and resources recover a lost packet.
     */
    DROP,
    /** The peer is disconnected ({@code queue-full}), as before there was a choice. */
    CUT;

}
