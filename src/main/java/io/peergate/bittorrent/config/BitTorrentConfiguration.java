package io.peergate.bittorrent.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.peergate.bittorrent.BitTorrentGateway;
import io.peergate.bittorrent.GatewayStats;
import io.peergate.bittorrent.TorrentRegistry;
import io.peergate.bittorrent.actuate.BitTorrentEndpoint;
import io.peergate.bittorrent.actuate.BitTorrentHealthIndicator;
import io.peergate.config.DrainProperties;
import io.peergate.support.DrainingLifecycle;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring wiring of the BitTorrent gateway; off with
 * {@code peergate.bittorrent.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "peergate.bittorrent.enabled", matchIfMissing = true)
public class BitTorrentConfiguration {

    @Bean
    TorrentRegistry torrentRegistry(BitTorrentProperties properties) {
        TorrentRegistry registry = new TorrentRegistry();
        properties.torrents().forEach(torrent -> torrent.addTo(registry));
        return registry;
    }

    @Bean
    GatewayStats gatewayStats(MeterRegistry meterRegistry) {
        return new GatewayStats(meterRegistry);
    }

    /**
     * Upstream names resolve through the system's name servers, asynchronously, honouring
     * their TTLs.
     */
    @Bean
    BitTorrentGateway bitTorrentGateway(BitTorrentProperties properties, TorrentRegistry registry, GatewayStats stats) {
        return new BitTorrentGateway(properties.spec(), registry, stats, new DnsNameResolverBuilder());
    }

    @Bean
    SmartLifecycle bitTorrentGatewayLifecycle(BitTorrentGateway gateway, DrainProperties drain) {
        return new DrainingLifecycle(gateway, drain.drainTimeout());
    }

    @Bean
    BitTorrentHealthIndicator bittorrentHealthIndicator(BitTorrentGateway gateway) {
        return new BitTorrentHealthIndicator(gateway);
    }

    @Bean
    BitTorrentEndpoint bitTorrentEndpoint(BitTorrentGateway gateway) {
        return new BitTorrentEndpoint(gateway);
    }

}
