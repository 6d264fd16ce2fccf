package io.peergate.bittorrent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.peergate.bittorrent.wire.Preamble;
import io.peergate.support.Slots;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's counters: exact live and pending counts (the admission gate reads them)
 * and the meters {@code peergate.bittorrent.*}.
 */
public final class GatewayStats {

    private final AtomicInteger live = new AtomicInteger();

    private final AtomicInteger pending = new AtomicInteger();

    private final LongAdder acceptErrors = new LongAdder();

    private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);

    private final Map<RejectReason, Counter> rejectedMeters = new EnumMap<>(RejectReason.class);

    private final Map<RelayCloseReason, Counter> relaysClosed = new EnumMap<>(RelayCloseReason.class);

    /**
     * By how the peer came in, then torrent name: a lookup builds no key per connection.
     */
    private final Map<Preamble.Stream, Map<String, Counter>> routedMeters = new EnumMap<>(Preamble.Stream.class);

    private final Map<String, TorrentMeters> torrentMeters = new ConcurrentHashMap<>();

    private final Map<Preamble.Stream, Counter> mseEstablished = new EnumMap<>(Preamble.Stream.class);

    private final Map<RejectReason, Counter> mseFailed = new EnumMap<>(RejectReason.class);

    private final Counter mseAbandoned;

    private final Counter upstreamMseEstablished;

    private final Counter upstreamMseFailed;

    private final MeterRegistry registry;

    private final Counter accepted;

    private final Counter acceptErrorsMeter;

    private final Counter bytesToUpstream;

    private final Counter bytesFromUpstream;

    private final Timer identification;

    public GatewayStats(MeterRegistry registry) {
        this.registry = registry;
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, new LongAdder());
            rejectedMeters.put(reason,
                    Counter.builder("peergate.bittorrent.rejected")
                        .description("Inbound connections closed before relaying, by reason")
                        .tag("reason", reason.tag())
                        .register(registry));
        }
        for (RelayCloseReason reason : RelayCloseReason.values()) {
            relaysClosed.put(reason,
                    Counter.builder("peergate.bittorrent.relays.closed")
                        .description("Relays between a peer and its upstream that ended, by how they ended")
                        .tag("reason", reason.tag())
                        .register(registry));
        }
        Gauge.builder("peergate.bittorrent.connections.live", live, AtomicInteger::get)
            .description("Inbound peer connections open now, identifying or relaying")
            .register(registry);
        Gauge.builder("peergate.bittorrent.connections.pending", pending, AtomicInteger::get)
            .description("Inbound peer connections still identifying")
            .register(registry);
        accepted = Counter.builder("peergate.bittorrent.accepted")
            .description("Inbound peer connections admitted")
            .register(registry);
        acceptErrorsMeter = Counter.builder("peergate.bittorrent.accept.errors")
            .description("Accept failures (such as too many open files) that paused accepting")
            .register(registry);
        bytesToUpstream = Counter.builder("peergate.bittorrent.bytes")
            .baseUnit("bytes")
            .description("Bytes relayed, by direction")
            .tag("direction", "to-upstream")
            .register(registry);
        bytesFromUpstream = Counter.builder("peergate.bittorrent.bytes")
            .baseUnit("bytes")
            .description("Bytes relayed, by direction")
            .tag("direction", "from-upstream")
            .register(registry);
        for (Preamble.Stream stream : List.of(Preamble.Stream.MSE_PLAINTEXT, Preamble.Stream.MSE_RC4)) {
            mseEstablished.put(stream, mseHandshakes(registry, "peer", "established",
                    stream == Preamble.Stream.MSE_RC4 ? "rc4" : "plaintext"));
        }
        for (RejectReason reason : RejectReason.values()) {
            if (reason.tag().startsWith("mse-")) {
                mseFailed.put(reason, mseHandshakes(registry, "peer", reason.tag(), "none"));
            }
        }
        for (Preamble.Stream stream : Preamble.Stream.values()) {
            routedMeters.put(stream, new ConcurrentHashMap<>());
        }
        mseAbandoned = mseHandshakes(registry, "peer", "abandoned", "none");
        upstreamMseEstablished = mseHandshakes(registry, "upstream", "established", "rc4");
        upstreamMseFailed = mseHandshakes(registry, "upstream", "failed", "none");
        identification = Timer.builder("peergate.bittorrent.identification")
            .description("Time from accept to a valid preamble")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    }

    private static Counter mseHandshakes(MeterRegistry registry, String side, String outcome, String method) {
        return Counter.builder("peergate.bittorrent.mse.handshakes")
            .description(
                    "Message Stream Encryption handshakes, by side (peer or upstream), outcome and method selected")
            .tag("side", side)
            .tag("outcome", outcome)
            .tag("method", method)
            .register(registry);
    }

    /**
     * Admission: takes a live slot unless {@code max} (≥ 0) are taken. Exact under
     * concurrent accepts.
     */
    boolean tryAcquireLive(int max) {
        return Slots.tryAcquire(live, max);
    }

    boolean tryAcquirePending(int max) {
        return Slots.tryAcquire(pending, max);
    }

    void releaseLive() {
        live.decrementAndGet();
    }

    void releasePending() {
        pending.decrementAndGet();
    }

    void countAccepted() {
        accepted.increment();
    }

    void rejected(RejectReason reason) {
        rejected.get(reason).increment();
        rejectedMeters.get(reason).increment();
    }

    void relayClosed(RelayCloseReason reason) {
        relaysClosed.get(reason).increment();
    }

    public long relaysClosed(RelayCloseReason reason) {
        return (long) relaysClosed.get(reason).count();
    }

    /** Ended relays by how they ended, every reason listed. */
    public Map<String, Long> relaysClosedByReason() {
        Map<String, Long> result = new LinkedHashMap<>();
        relaysClosed.forEach((reason, counter) -> result.put(reason.tag(), (long) counter.count()));
        return result;
    }

    void acceptError() {
        acceptErrors.increment();
        acceptErrorsMeter.increment();
    }

    void identified(long nanos) {
        identification.record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * @return the meters of the torrent's name, for the relay to count its bytes on
     */
    TorrentMeters routed(Torrent torrent, Preamble.Stream stream) {
        routedMeters.get(stream)
            .computeIfAbsent(torrent.name(),
                    name -> Counter.builder("peergate.bittorrent.routed")
                        .description("Connections relayed to an upstream, by torrent name and how the peer came in")
                        .tag("torrent", name)
                        .tag("stream", stream.tag())
                        .register(registry))
            .increment();
        return torrentMeters.computeIfAbsent(torrent.name(), name -> new TorrentMeters(registry, name));
    }

    /** The gateway's peer port is bound: {@code peergate.bittorrent.listener.up}. */
    void listening(BooleanSupplier bound) {
        Gauge.builder("peergate.bittorrent.listener.up", () -> bound.getAsBoolean() ? 1 : 0)
            .description("1 while the gateway's peer port accepts connections, 0 otherwise")
            .register(registry);
    }

    /** A peer's MSE handshake ended with its BitTorrent handshake in. */
    void mseHandshake(Preamble.Stream stream) {
        mseEstablished.get(stream).increment();
    }

    void mseFailed(RejectReason reason) {
        mseFailed.get(reason).increment();
    }

    /** A peer's MSE handshake ended with the connection: timeout or peer gone. */
    void mseAbandoned() {
        mseAbandoned.increment();
    }

    void upstreamMse(boolean established) {
        (established ? upstreamMseEstablished : upstreamMseFailed).increment();
    }

    /** MSE handshakes by side and outcome, for the actuator. */
    public Map<String, Long> mseHandshakes() {
        Map<String, Long> result = new LinkedHashMap<>();
        mseEstablished.forEach((stream, counter) -> result.put("peer " + stream.tag(), (long) counter.count()));
        result.put("peer abandoned", (long) mseAbandoned.count());
        mseFailed.forEach((reason, counter) -> result.put("peer " + reason.tag(), (long) counter.count()));
        result.put("upstream established", (long) upstreamMseEstablished.count());
        result.put("upstream failed", (long) upstreamMseFailed.count());
        return result;
    }

    void bytesToUpstream(Torrent torrent, TorrentMeters meters, long bytes) {
        bytesToUpstream.increment(bytes);
        meters.toUpstream(bytes);
        torrent.stats().addBytesToUpstream(bytes);
    }

    void bytesFromUpstream(Torrent torrent, TorrentMeters meters, long bytes) {
        bytesFromUpstream.increment(bytes);
        meters.fromUpstream(bytes);
        torrent.stats().addBytesFromUpstream(bytes);
    }

    public int live() {
        return live.get();
    }

    public int pending() {
        return pending.get();
    }

    public long accepted() {
        return (long) accepted.count();
    }

    public long acceptErrors() {
        return acceptErrors.sum();
    }

    public long rejectedCount(RejectReason reason) {
        return rejected.get(reason).sum();
    }

    /** Rejections by reason tag, every reason listed. */
    public Map<String, Long> rejectedByReason() {
        Map<String, Long> result = new LinkedHashMap<>();
        rejected.forEach((reason, count) -> result.put(reason.tag(), count.sum()));
        return result;
    }

}
