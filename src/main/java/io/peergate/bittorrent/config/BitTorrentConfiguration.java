package io.peergate.bittorrent.config;

import io.peergate.bittorrent.BitTorrentGateway;
import io.peergate.bittorrent.GatewayStats;
import io.peergate.bittorrent.TorrentRegistry;
import io.peergate.bittorrent.UpstreamAddress;
import io.peergate.bittorrent.actuate.BitTorrentEndpoint;
import io.peergate.bittorrent.actuate.BitTorrentHealthIndicator;
import io.peergate.bittorrent.wire.InfoHash;

import io.micrometer.core.instrument.MeterRegistry;
import io.peergate.support.ServerLifecycle;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Spring wiring of the BitTorrent gateway; off with {@code peergate.bittorrent.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "peergate.bittorrent.enabled", matchIfMissing = true)
public class BitTorrentConfiguration {

    @Bean
    TorrentRegistry torrentRegistry(BitTorrentProperties properties) {
        TorrentRegistry registry = new TorrentRegistry();
        for (BitTorrentProperties.Torrent torrent : properties.torrents()) {
            registry.put(InfoHash.fromHex(torrent.infoHash()), torrent.name(), UpstreamAddress.parse(torrent.upstream()));
        }
        return registry;
    }

    @Bean
    GatewayStats gatewayStats(MeterRegistry meterRegistry) {
        return new GatewayStats(meterRegistry);
    }

    @Bean
    BitTorrentGateway bitTorrentGateway(BitTorrentProperties properties, TorrentRegistry registry, GatewayStats stats) {
        return new BitTorrentGateway(properties, registry, stats);
    }

    @Bean
    SmartLifecycle bitTorrentGatewayLifecycle(BitTorrentGateway gateway) {
        return new ServerLifecycle(gateway::start, gateway::stop, gateway::isRunning);
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
