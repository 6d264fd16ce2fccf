package io.peergate.backbone.actuate;

import io.peergate.backbone.BackbonePeer;
import java.time.Instant;

/**
 * One live backbone connection: bytes waiting to be sent to it, frames not sent to it
 * because its queue was full, frames from it dropped for its ingress limit, and its
 * announces under ingress control (held now, held, released and dropped in all).
 */
public record ConnectionView(String peer, String remote, Instant connectedSince, boolean receivedData,
        long pendingBytes, long queueFullDrops, long ingressLimitDrops, Announces announces) {

    /** A peer's announces under ingress control. */
    public record Announces(int heldNow, long held, long released, long dropped) {
    }

    public static ConnectionView of(BackbonePeer peer) {
        BackbonePeer.AnnounceCounts announces = peer.announceCounts();
        return new ConnectionView(peer.name(), peer.remoteText(), peer.connectedAt(), peer.receivedData(),
                peer.pendingBytes(), peer.queueFullDrops(), peer.ingressLimitDrops(),
                new Announces(announces.heldNow(), announces.held(), announces.released(), announces.dropped()));
    }
}
