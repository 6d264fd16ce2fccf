package io.peergate.backbone;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.peergate.backbone.abuse.PeerMonitor;

/**
 * Counts backbone events: {@code peergate.backbone.disconnects{interface,reason}},
 * {@code .rejects{interface,reason}} and {@code .penalties{interface,rule}}.
 */
public final class BackboneMeters {

    private final MeterRegistry registry;

    public BackboneMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Creates a server interface's event counters at zero, so that rates and alerts see
     * them before the first event.
     */
    void registerServer(String interfaceName) {
        registerDisconnects(interfaceName);
        for (BackboneEvent.RejectReason reason : BackboneEvent.RejectReason.values()) {
            counter("peergate.backbone.rejects", "Connections refused at accept, by reason", interfaceName, "reason",
                    reason.tag());
        }
        for (String rule : PeerMonitor.RULES) {
            counter("peergate.backbone.penalties", "Blacklistings by the abuse rules, by rule", interfaceName, "rule",
                    rule);
        }
    }

    /** Creates a client link's event counters at zero. */
    void registerLink(String interfaceName) {
        registerDisconnects(interfaceName);
        for (String outcome : new String[] { "connected", "failed" }) {
            counter("peergate.backbone.link.attempts", "Connect attempts of client links, by outcome", interfaceName,
                    "outcome", outcome);
        }
    }

    private void registerDisconnects(String interfaceName) {
        for (DisconnectReason reason : DisconnectReason.values()) {
            counter("peergate.backbone.disconnects", "Backbone peers that went away, by reason", interfaceName,
                    "reason", reason.tag());
        }
    }

    void count(BackboneEvent event) {
        if (event instanceof BackboneEvent.PeerDisconnected e) {
            counter("peergate.backbone.disconnects", "Backbone peers that went away, by reason", e.interfaceName(),
                    "reason", e.reason().tag())
                .increment();
        }
        else if (event instanceof BackboneEvent.PeerRejected e) {
            counter("peergate.backbone.rejects", "Connections refused at accept, by reason", e.interfaceName(),
                    "reason", e.reason().tag())
                .increment();
        }
        else if (event instanceof BackboneEvent.LinkDown e) {
            counter("peergate.backbone.disconnects", "Backbone peers that went away, by reason", e.interfaceName(),
                    "reason", e.reason().tag())
                .increment();
        }
        else if (event instanceof BackboneEvent.LinkUp e) {
            counter("peergate.backbone.link.attempts", "Connect attempts of client links, by outcome",
                    e.interfaceName(), "outcome", "connected")
                .increment();
        }
        else if (event instanceof BackboneEvent.LinkConnectFailed e) {
            counter("peergate.backbone.link.attempts", "Connect attempts of client links, by outcome",
                    e.interfaceName(), "outcome", "failed")
                .increment();
        }
        else if (event instanceof BackboneEvent.LinkGaveUp e) {
            counter("peergate.backbone.link.gave.up", "Client links that used up max-reconnect-tries",
                    e.interfaceName(), "target", e.target())
                .increment();
        }
        else if (event instanceof BackboneEvent.Penalty e) {
            counter("peergate.backbone.penalties", "Blacklistings by the abuse rules, by rule", e.interfaceName(),
                    "rule", e.rule())
                .increment();
        }
        // connects, idle timeouts and write stalls show in peers and in
        // disconnects{reason}
    }

    private Counter counter(String name, String description, String interfaceName, String key, String value) {
        return Counter.builder(name)
            .description(description)
            .tag("interface", interfaceName)
            .tag(key, value)
            .register(registry);
    }

}
