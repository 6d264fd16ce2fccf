package io.peergate.config;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.config.MeterFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Meter hygiene shared by every front door. */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

    /**
     * Reactor Netty tags its meters with the peer's address: one time series per peer
     * would grow without bound.
     */
    static final MeterFilter DROP_REMOTE_ADDRESS = MeterFilter.ignoreTags("remote.address");

    static {
        // Reactor Netty records into the global registry, which keeps a meter per tag set
        // before any child filter runs.
        Metrics.globalRegistry.config().meterFilter(DROP_REMOTE_ADDRESS);
    }

    @Bean
    MeterFilter dropRemoteAddressTag() {
        return DROP_REMOTE_ADDRESS;
    }

}
