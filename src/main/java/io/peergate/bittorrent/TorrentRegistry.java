package io.peergate.bittorrent;

import io.peergate.bittorrent.wire.InfoHash;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The torrents the gateway routes, by info hash. Lookups happen once per identified
 * connection and never block; changes made at runtime reach the next connection, never
 * one already routed.
 */
public final class TorrentRegistry {

    private final ConcurrentMap<InfoHash, Torrent> torrents = new ConcurrentHashMap<>();

    /**
     * Outcome of {@link #put}: whether the info hash was new, and the torrent as it now
     * stands.
     */
    public record PutResult(Torrent torrent, boolean created) {
    }

    public Optional<Torrent> find(InfoHash infoHash) {
        return Optional.ofNullable(torrents.get(infoHash));
    }

    /**
     * Adds a torrent or changes its name and upstream; a changed torrent keeps its
     * counters.
     */
    public PutResult put(InfoHash infoHash, String name, UpstreamAddress upstream) {
        boolean[] created = { false };
        Torrent torrent = torrents.compute(infoHash, (key, existing) -> {
            created[0] = existing == null;
            TorrentStats stats = existing == null ? new TorrentStats() : existing.stats();
            return new Torrent(key, name, upstream, stats);
        });
        return new PutResult(torrent, created[0]);
    }

    /**
     * @return the removed torrent, empty when the info hash was not registered
     */
    public Optional<Torrent> remove(InfoHash infoHash) {
        return Optional.ofNullable(torrents.remove(infoHash));
    }

    public List<Torrent> list() {
        return torrents.values().stream().sorted(Comparator.comparing(Torrent::infoHash)).toList();
    }

    public int size() {
        return torrents.size();
    }

}
