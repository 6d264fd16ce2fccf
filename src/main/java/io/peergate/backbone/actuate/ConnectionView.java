package io.peergate.backbone.actuate;

import io.peergate.backbone.BackbonePeer;
import java.time.Instant;

/**
 * One live backbone connection: bytes waiting to be sent to it, frames not sent to it
 * because its queue was full, and frames from it dropped for its ingress limit.
 */
public record ConnectionView(String peer, String remote, Instant connectedSince, boolean receivedData,
        long pendingBytes, long queueFullDrops, long ingressLimitDrops) {

    public static ConnectionView of(BackbonePeer peer) {
        return new ConnectionView(peer.name(), peer.remoteText(), peer.connectedAt(), peer.receivedData(),
                peer.pendingBytes(), peer.queueFullDrops(), peer.ingressLimitDrops());
    }
}
