package io.peergate.backbone.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.peergate.backbone.ServerSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/**
 * A server interface's keys in application.yml, abuse settings included, reach its
 * runtime settings; unset keys take Reticulum's defaults.
 */
class BackboneConfigTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BackboneProperties.class)
    static class PropertiesOnly {

    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
        .withUserConfiguration(PropertiesOnly.class);

    @Test
    void aServerInterfaceReadsItsKeysAndAbuseSettings() {
        runner.withPropertyValues("peergate.backbone.interfaces[0].name=test-backbone",
                "peergate.backbone.interfaces[0].mode=server",
                "peergate.backbone.interfaces[0].listen-address=127.0.0.1", "peergate.backbone.interfaces[0].port=4242",
                "peergate.backbone.interfaces[0].idle-timeout=15s",
                "peergate.backbone.interfaces[0].write-stall-timeout=45s",
                "peergate.backbone.interfaces[0].max-connections=64", "peergate.backbone.interfaces[0].hw-mtu=256KB",
                "peergate.backbone.interfaces[0].abuse.max-penalty-duration=3600s",
                "peergate.backbone.interfaces[0].abuse.base-penalty=2m",
                "peergate.backbone.interfaces[0].abuse.flapping.shorter-than=10s",
                "peergate.backbone.interfaces[0].abuse.idle-timeouts.enabled=false",
                "peergate.backbone.interfaces[0].abuse.write-stalls.max-events=7")
            .run(context -> {
                assertThat(context).hasNotFailed();
                InterfaceProperties iface = context.getBean(BackboneProperties.class).interfaces().get(0);
                assertThat(iface.mode()).isEqualTo(InterfaceMode.SERVER);
                assertThat(iface.listenAddress()).isEqualTo("127.0.0.1");
                assertThat(iface.port()).isEqualTo(4242);
                assertThat(iface.hwMtu().toBytes()).isEqualTo(256 * 1024);
                ServerSettings settings = iface.serverSpec("peergate.backbone.interfaces[0]").settings();
                assertThat(settings.maxConnections()).isEqualTo(64);
                assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(15));
                assertThat(settings.writeStallTimeout()).isEqualTo(Duration.ofSeconds(45));
                assertThat(settings.abuse().maxPenaltyDuration()).isEqualTo(Duration.ofHours(1));
                assertThat(settings.abuse().basePenalty()).isEqualTo(Duration.ofMinutes(2));
                assertThat(settings.abuse().flapping().shorterThan()).isEqualTo(Duration.ofSeconds(10));
                assertThat(settings.abuse().idleTimeouts().enabled()).isFalse();
                assertThat(settings.abuse().writeStalls().maxEvents()).isEqualTo(7);
                assertThat(settings.abuse().flapping().maxConnections()).isEqualTo(5);
            });
    }

    @Test
    void unsetKeysTakeReticulumsDefaults() {
        runner
            .withPropertyValues("peergate.backbone.interfaces[0].name=hub",
                    "peergate.backbone.interfaces[0].mode=server")
            .run(context -> {
                InterfaceProperties iface = context.getBean(BackboneProperties.class).interfaces().get(0);
                ServerSettings settings = iface.serverSpec("peergate.backbone.interfaces[0]").settings();
                assertThat(iface.listenAddress()).isEqualTo("0.0.0.0");
                assertThat(iface.port()).isEqualTo(4242);
                assertThat(settings.maxConnections()).isEqualTo(-1);
                assertThat(settings.idleTimeoutOn()).isFalse();
                assertThat(settings.writeStallTimeout()).isEqualTo(Duration.ofSeconds(30));
                assertThat(settings.abuse().flapping().shorterThan()).isEqualTo(Duration.ofSeconds(20));
                assertThat(settings.abuse().basePenalty()).isEqualTo(Duration.ofMinutes(5));
            });
    }

}
