package io.peergate.bittorrent;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one torrent. A connection keeps its torrent's stats even after the
 * torrent is removed.
 */
public final class TorrentStats {

    private final AtomicInteger liveConnections = new AtomicInteger();

    private final LongAdder routed = new LongAdder();

    private final LongAdder routedMse = new LongAdder();

    private final LongAdder bytesToUpstream = new LongAdder();

    private final LongAdder bytesFromUpstream = new LongAdder();

    void connectionOpened(boolean mse) {
        routed.increment();
        if (mse) {
            routedMse.increment();
        }
        liveConnections.incrementAndGet();
    }

    void connectionClosed() {
        liveConnections.decrementAndGet();
    }

    void addBytesToUpstream(long bytes) {
        bytesToUpstream.add(bytes);
    }

    void addBytesFromUpstream(long bytes) {
        bytesFromUpstream.add(bytes);
    }

    public int liveConnections() {
        return liveConnections.get();
    }

    public long routed() {
        return routed.sum();
    }

    /** Of {@link #routed()}, the peers that opened with Message Stream Encryption. */
    public long routedMse() {
        return routedMse.sum();
    }

    public long bytesToUpstream() {
        return bytesToUpstream.sum();
    }

    public long bytesFromUpstream() {
        return bytesFromUpstream.sum();
    }

}
