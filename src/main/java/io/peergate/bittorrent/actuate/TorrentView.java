package io.peergate.bittorrent.actuate;

import io.peergate.bittorrent.Torrent;
import io.peergate.bittorrent.TorrentStats;

/** A torrent as the admin API and the actuator show it. */
public record TorrentView(String infoHash, String name, String upstream, String encryption, int liveConnections,
        long routed, long routedPlaintext, long routedMse, long bytesToUpstream, long bytesFromUpstream) {

    public static TorrentView of(Torrent torrent) {
        TorrentStats stats = torrent.stats();
        return new TorrentView(torrent.infoHash().hex(), torrent.name(), torrent.upstream().toString(),
                torrent.encryption().tag(), stats.liveConnections(), stats.routed(), stats.routed() - stats.routedMse(),
                stats.routedMse(), stats.bytesToUpstream(), stats.bytesFromUpstream());
    }
}
