package io.peergate.bittorrent;

import io.peergate.support.Tagged;

/**
 * How the gateway talks to a torrent's upstream client (the torrent's
 * {@code encryption}).
 */
public enum UpstreamEncryption implements Tagged {

    /**
     * The peer's BitTorrent handshake and stream as plaintext, whatever the peer used: an
     * ordinary client sees a plaintext peer.
     */
    PLAINTEXT,
    /**
     * The gateway opens an MSE handshake as initiator, offering RC4 only, and carries the
     * peer's handshake in its initial payload: for upstreams that require encryption.
     */
    MSE;

}
