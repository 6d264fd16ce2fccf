package io.peergate.backbone.actuate;

import io.peergate.backbone.BackbonePeer;
import java.time.Instant;

/** One live backbone connection. */
public record ConnectionView(String peer, String remote, Instant connectedSince, boolean receivedData,
        long pendingBytes) {

    public static ConnectionView of(BackbonePeer peer) {
        return new ConnectionView(peer.name(), peer.remoteText(), peer.connectedAt(), peer.receivedData(),
                peer.pendingBytes());
    }
}
