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
            int live, int pending, long accepted, long acceptErrors, long queuedBytes, Map<String, Long> rejected,
            List<TorrentView> torrents) {
    }

    @ReadOperation
    public Report report() {
        GatewayStats stats = gateway.stats();
        return new Report(gateway.isRunning(), gateway.boundAddress().map(Addresses::hostPort).orElse(null),
                gateway.settings(), gateway.startupSettings(), stats.live(), stats.pending(), stats.accepted(),
                stats.acceptErrors(), gateway.queuedBytes(), stats.rejectedByReason(),
                gateway.registry().list().stream().map(TorrentView::of).toList());
    }

}
