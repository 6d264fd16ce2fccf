package io.peergate.backbone.actuate;

import io.peergate.backbone.Backbone;
import io.peergate.backbone.FrameRelay;
import io.peergate.backbone.HubRoutes;
import java.util.List;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * Actuator endpoint {@code backbone}: each server interface with its settings (current
 * and startup), connections and peer monitor state; each client link with its state,
 * attempts, last error and connected-since; the relay's counts; the latest events, newest
 * first.
 */
@Endpoint(id = "backbone")
public class BackboneEndpoint {

    private final Backbone backbone;

    public BackboneEndpoint(Backbone backbone) {
        this.backbone = backbone;
    }

    public record Report(boolean running, Relay relay, List<InterfaceView> interfaces, List<LinkView> links,
            List<EventView> recentEvents) {
    }

    /**
     * The relay: peers taking part, frames passed on, duplicates dropped, packet hashes
     * remembered of the window; its mode, frames sent to one learned peer or flooded,
     * frames handed to destinations, and in {@code learn} mode the learned tables.
     */
    public record Relay(int peers, long relayed, long duplicates, int remembered, int dedupWindow, String mode,
            long unicast, long flooded, long deliveries, HubRoutes.Stats routes) {
    }

    @ReadOperation
    public Report report() {
        FrameRelay relay = backbone.relay();
        return new Report(backbone.isRunning(),
                new Relay(relay.size(), relay.relayed(), relay.duplicates(), relay.dedupWindowSize(),
                        backbone.spec().dedupWindow(), relay.mode().tag(), relay.unicast(), relay.flooded(),
                        relay.deliveries(), relay.routes()),
                backbone.servers().values().stream().map(InterfaceView::of).toList(),
                backbone.links().values().stream().map(LinkView::of).toList(),
                backbone.recentEvents().stream().map(EventView::of).toList());
    }

}
