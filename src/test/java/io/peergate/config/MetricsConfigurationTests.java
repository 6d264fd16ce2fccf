package io.peergate.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * Peers never become time series: Reactor Netty's remote.address tag is dropped, other
 * tags stay.
 */
class MetricsConfigurationTests {

    @Test
    void remoteAddressTagIsDroppedAndPeersShareOneMeter() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new MetricsConfiguration().dropRemoteAddressTag());
        Counter a = registry.counter("reactor.netty.tcp.server.data.received", "remote.address", "10.0.0.1:5000", "uri",
                "tcp");
        Counter b = registry.counter("reactor.netty.tcp.server.data.received", "remote.address", "10.0.0.2:6000", "uri",
                "tcp");
        assertThat(a).isSameAs(b);
        assertThat(a.getId().getTag("remote.address")).isNull();
        assertThat(a.getId().getTag("uri")).isEqualTo("tcp");
    }

    @Test
    void globalRegistryDropsItToo() {
        new MetricsConfiguration(); // class initialisation installs the global filter
        Counter counter = Metrics.globalRegistry.counter("peergate.test.global", "remote.address", "10.0.0.3:7000");
        assertThat(counter.getId().getTag("remote.address")).isNull();
        Metrics.globalRegistry.remove(counter);
    }

}
