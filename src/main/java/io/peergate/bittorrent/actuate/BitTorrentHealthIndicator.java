package io.peergate.bittorrent.actuate;

import io.peergate.bittorrent.BitTorrentGateway;
import io.peergate.support.Addresses;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP while the gateway's peer port is bound, DOWN otherwise. */
public class BitTorrentHealthIndicator implements HealthIndicator {

    private final BitTorrentGateway gateway;

    public BitTorrentHealthIndicator(BitTorrentGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public Health health() {
        return gateway.boundAddress()
            .map(address -> Health.up()
                .withDetail("address", Addresses.hostPort(address))
                .withDetail("live", gateway.stats().live())
                .withDetail("torrents", gateway.registry().size())
                .build())
            .orElseGet(() -> Health.down().withDetail("reason", "peer port not bound").build());
    }

}
