package io.peergate.bittorrent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One torrent name's meters: {@code peergate.bittorrent.torrent.connections{torrent}} and
 * {@code peergate.bittorrent.torrent.bytes{torrent,direction}}. Kept by name, as
 * dashboards show it, so a torrent removed and added again goes on in the same series.
 */
final class TorrentMeters {

    private final AtomicInteger live = new AtomicInteger();

    private final Counter toUpstream;

    private final Counter fromUpstream;

    TorrentMeters(MeterRegistry registry, String name) {
        Gauge.builder("peergate.bittorrent.torrent.connections", live, AtomicInteger::get)
            .description("Relays of this torrent open now")
            .tag("torrent", name)
            .register(registry);
        toUpstream = bytes(registry, name, "to-upstream");
        fromUpstream = bytes(registry, name, "from-upstream");
    }

    private static Counter bytes(MeterRegistry registry, String name, String direction) {
        return Counter.builder("peergate.bittorrent.torrent.bytes")
            .baseUnit("bytes")
            .description("Bytes relayed for this torrent, by direction")
            .tag("torrent", name)
            .tag("direction", direction)
            .register(registry);
    }

    void opened() {
        live.incrementAndGet();
    }

    void closed() {
        live.decrementAndGet();
    }

    void toUpstream(long bytes) {
        toUpstream.increment(bytes);
    }

    void fromUpstream(long bytes) {
        fromUpstream.increment(bytes);
    }

}
