package io.peergate.backbone;

import io.netty.channel.Channel;

/** What the per-connection handlers need from the interface that owns the connection. */
interface BackboneInterface {

    String name();

    /**
     * Decides whether a new connection may stay. When it may not, the interface has
     * closed it and counted why.
     * @return the admitted peer, or null
     */
    BackbonePeer admit(Channel channel);

    /**
     * The connection of an admitted peer closed, whoever closed it. Called once per peer.
     */
    void closed(BackbonePeer peer);

    /** The per-peer ingress limits in force; read at every frame. */
    default IngressSettings ingress() {
        return IngressSettings.OFF;
    }

    /**
     * Frames of {@code peer} were dropped for its ingress limit; called at most once a
     * second per peer, on its event loop.
     */
    default void flooding(BackbonePeer peer) {
    }

    InterfaceMeters meters();

    FrameRelay relay();

}
