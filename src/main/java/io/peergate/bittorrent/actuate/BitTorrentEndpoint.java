package io.peergate.bittorrent.actuate;

import io.peergate.bittorrent.BitTorrentGateway;
import io.peergate.bittorrent.GatewaySettings;
import io.peergate.bittorrent.GatewayStats;
import io.peergate.support.Addresses;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * Actuator endpoint {@code bittorrent}: settings (current and startup), connection
 * counts, registry, rejects.
 */
@Endpoint(id = "bittorrent")
public class BitTorrentEndpoint {

    private final BitTorrentGateway gateway;

    public BitTorrentEndpoint(BitTorrentGateway gateway) {
        this.gateway = gateway;
    }

    /** The endpoint's answer. */
    public record Report(boolean listening, String address, GatewaySettings settings, GatewaySettings startupSettings,
            int live, int pending, long accepted, long acceptErrors, long queuedBytes, long queuedToPeers,
            long queuedToUpstreams, Map<String, Long> rejected, Map<String, Long> relaysClosed, Mse mse,
            List<TorrentView> torrents) {
    }

    /**
     * Message Stream Encryption: handshakes waiting for a key-exchange worker, and
     * handshakes by side and outcome.
     */
    public record Mse(int queued, Map<String, Long> handshakes) {
    }

    @ReadOperation
    public Report report() {
        GatewayStats stats = gateway.stats();
        long toPeers = gateway.queuedToPeers();
        long toUpstreams = gateway.queuedToUpstreams();
        return new Report(gateway.isRunning(), gateway.boundAddress().map(Addresses::hostPort).orElse(null),
                gateway.settings(), gateway.startupSettings(), stats.live(), stats.pending(), stats.accepted(),
                stats.acceptErrors(), toPeers + toUpstreams, toPeers, toUpstreams, stats.rejectedByReason(),
                stats.relaysClosedByReason(), new Mse(gateway.mseQueued(), stats.mseHandshakes()),
                gateway.registry().list().stream().map(TorrentView::of).toList());
    }

}
