package io.peergate.bittorrent;

import io.peergate.bittorrent.wire.InfoHash;
import java.util.Objects;

/**
 * A routed torrent: peers presenting {@code infoHash} are relayed to {@code upstream}.
 */
public record Torrent(InfoHash infoHash, String name, UpstreamAddress upstream, TorrentStats stats) {

    public Torrent {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(stats, "stats");
    }
}
