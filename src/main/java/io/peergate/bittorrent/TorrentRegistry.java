package io.peergate.bittorrent;

import io.peergate.bittorrent.wire.InfoHash;
import io.peergate.bittorrent.wire.mse.MseHashes;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The torrents the gateway routes, by info hash, and by {@code HASH('req2', info hash)}
 * for peers that open with Message Stream Encryption, which never show the info hash
 * itself. Lookups happen once per identified connection and never block; changes made at
 * runtime reach the next connection, never one already routed.
 */
public final class TorrentRegistry {

    private final ConcurrentMap<InfoHash, Torrent> torrents = new ConcurrentHashMap<>();

    /**
     * Keyed by {@code HASH('req2', info hash)}: twenty bytes like an info hash, so held
     * in the same value type.
     */
    private final ConcurrentMap<InfoHash, InfoHash> byReq2 = new ConcurrentHashMap<>();

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
     * The info hash of the routed torrent whose {@code HASH('req2', info hash)} is
     * {@code req2}, or null when none is.
     */
    public byte[] infoHashForReq2(byte[] req2) {
        InfoHash infoHash = byReq2.get(InfoHash.fromBytes(req2, 0));
        return infoHash == null || !torrents.containsKey(infoHash) ? null : infoHash.toBytes();
    }

    /**
     * Adds a torrent or changes its name, upstream and upstream encryption; a changed
     * torrent keeps its counters.
     */
    public PutResult put(InfoHash infoHash, String name, UpstreamAddress upstream, UpstreamEncryption encryption) {
        boolean[] created = { false };
        // the req2 entry first: a torrent is never routable by info hash and not over MSE
        byReq2.put(req2(infoHash), infoHash);
        Torrent torrent = torrents.compute(infoHash, (key, existing) -> {
            created[0] = existing == null;
            TorrentStats stats = existing == null ? new TorrentStats() : existing.stats();
            return new Torrent(key, name, upstream, encryption, stats);
        });
        return new PutResult(torrent, created[0]);
    }

    public PutResult put(InfoHash infoHash, String name, UpstreamAddress upstream) {
        return put(infoHash, name, upstream, UpstreamEncryption.PLAINTEXT);
    }

    /**
     * @return the removed torrent, empty when the info hash was not registered
     */
    public Optional<Torrent> remove(InfoHash infoHash) {
        Torrent removed = torrents.remove(infoHash);
        if (removed != null) {
            byReq2.remove(req2(infoHash));
        }
        return Optional.ofNullable(removed);
    }

    private static InfoHash req2(InfoHash infoHash) {
        return InfoHash.fromBytes(MseHashes.req2(infoHash.toBytes()), 0);
    }

    public List<Torrent> list() {
        return torrents.values().stream().sorted(Comparator.comparing(Torrent::infoHash)).toList();
    }

    public int size() {
        return torrents.size();
    }

}
