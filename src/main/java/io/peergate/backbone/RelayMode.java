package io.peergate.backbone;

import io.peergate.support.Tagged;

/** How the hub passes frames on ({@code peergate.backbone.relay-mode}). */
public enum RelayMode implements Tagged {

    /** Every frame to every other peer, like a shared radio channel. */
    FLOOD,
    /**
     * Frames for a destination or link whose peer the hub has learned go to that peer
     * alone; the rest are flooded ({@link HubRoutes}).
     */
    LEARN;

}
