package io.peergate.bittorrent;

import io.peergate.bittorrent.wire.InfoHash;
import java.util.Objects;

/**
 * A routed torrent: peers presenting {@code infoHash} are relayed to {@code upstream},
 * spoken to as {@code encryption} says.
 */
public record Torrent(InfoHash infoHash, String name, UpstreamAddress upstream, UpstreamEncryption encryption,
        TorrentStats stats) {

    public Torrent {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(stats, "stats");
    }
}
