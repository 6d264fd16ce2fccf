package io.peergate.backbone;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.peergate.reticulum.FrameDropReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The per-interface traffic meters: {@code peergate.backbone.peers}, {@code .frames},
 * {@code .bytes}, {@code .dropped} and {@code .read.pauses}, each tagged with the
 * interface name. Connection events are counted by {@link BackboneMeters}.
 */
public final class InterfaceMeters {

    private final Counter framesIn;

    private final Counter framesOut;

    private final Counter bytesIn;

    private final Counter bytesOut;

    private final Map<FrameDropReason, Counter> dropped = new EnumMap<>(FrameDropReason.class);

    private final Counter readPauses;

    private final Counter announcesHeld;

    private final Counter announcesReleased;

    private final Counter announcesDropped;

    public InterfaceMeters(MeterRegistry registry, String interfaceName, Supplier<Number> livePeers) {
        Gauge.builder("peergate.backbone.peers", livePeers)
            .description("Backbone peers connected now")
            .tag("interface", interfaceName)
            .register(registry);
        framesIn = frames(registry, interfaceName, "in");
        framesOut = frames(registry, interfaceName, "out");
        bytesIn = bytes(registry, interfaceName, "in");
        bytesOut = bytes(registry, interfaceName, "out");
        announcesHeld = announces(registry, interfaceName, "held");
        announcesReleased = announces(registry, interfaceName, "released");
        announcesDropped = announces(registry, interfaceName, "dropped");
        readPauses = Counter.builder("peergate.backbone.read.pauses")
            .description("Times reading from a peer paused because most destinations of its frames were full")
            .tag("interface", interfaceName)
            .register(registry);
        for (FrameDropReason reason : FrameDropReason.values()) {
            dropped.put(reason,
                    Counter.builder("peergate.backbone.dropped")
                        .description("Frames dropped, by reason")
                        .tag("interface", interfaceName)
                        .tag("reason", reason.tag())
                        .register(registry));
        }
    }

    private static Counter announces(MeterRegistry registry, String interfaceName, String outcome) {
        return Counter.builder("peergate.backbone.announces")
            .description("Announces under ingress control: held during a peer's burst, released later, or dropped"
                    + " beyond max-held")
            .tag("interface", interfaceName)
            .tag("outcome", outcome)
            .register(registry);
    }

    void announceHeld(boolean kept) {
        (kept ? announcesHeld : announcesDropped).increment();
    }

    void announceReleased() {
        announcesReleased.increment();
    }

    private static Counter frames(MeterRegistry registry, String interfaceName, String direction) {
        return Counter.builder("peergate.backbone.frames")
            .description("HDLC frames received from peers (in) and handed to peers' sockets (out)")
            .tag("interface", interfaceName)
            .tag("direction", direction)
            .register(registry);
    }

    private static Counter bytes(MeterRegistry registry, String interfaceName, String direction) {
        return Counter.builder("peergate.backbone.bytes")
            .baseUnit("bytes")
            .description("Bytes on the wire, HDLC framing included")
            .tag("interface", interfaceName)
            .tag("direction", direction)
            .register(registry);
    }

    void bytesIn(int bytes) {
        bytesIn.increment(bytes);
    }

    void frameIn() {
        framesIn.increment();
    }

    /** Frames handed to a peer's socket, counted once per drain. */
    void framesOut(long frames, long wireBytes) {
        bytesOut.increment(wireBytes); // bytes first: whoever sees the frames counted
                                       // sees
                                       // their bytes too
        framesOut.increment(frames);
    }

    void readPaused() {
        readPauses.increment();
    }

    void dropped(FrameDropReason reason) {
        dropped.get(reason).increment();
    }

    void dropped(FrameDropReason reason, int frames) {
        dropped.get(reason).increment(frames);
    }

    public long framesIn() {
        return (long) framesIn.count();
    }

    public long framesOut() {
        return (long) framesOut.count();
    }

}
