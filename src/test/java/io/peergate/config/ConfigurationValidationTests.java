package io.peergate.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.peergate.backbone.config.BackboneProperties;
import io.peergate.backbone.config.InterfaceMode;
import io.peergate.bittorrent.config.BitTorrentProperties;
import io.peergate.cluster.config.ClusterProperties;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.core.io.support.SpringFactoriesLoader;

class ConfigurationValidationTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({ BitTorrentProperties.class, BackboneProperties.class, AdminProperties.class,
            ClusterProperties.class })
    static class PropertiesOnly {

    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
        .withUserConfiguration(PropertiesOnly.class);

    @Test
    void defaultsBindAndValidate() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            BitTorrentProperties bt = context.getBean(BitTorrentProperties.class);
            assertThat(bt.enabled()).isTrue();
            assertThat(bt.port()).isEqualTo(6881);
            assertThat(bt.maxConnections()).isEqualTo(-1);
            assertThat(bt.maxPending()).isEqualTo(-1);
            assertThat(bt.identifyTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(bt.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(bt.torrents()).isEmpty();
            assertThat(context.getBean(BackboneProperties.class).interfaces()).isEmpty();
            assertThat(context.getBean(AdminProperties.class).username()).isEqualTo("admin");
        });
    }

    @Test
    void fullConfigurationBinds() {
        runner
            .withPropertyValues("peergate.bittorrent.torrents[0].info-hash=0123456789ABCDEF0123456789abcdef01234567",
                    "peergate.bittorrent.torrents[0].name=debian",
                    "peergate.bittorrent.torrents[0].upstream=10.0.0.5:51413",
                    "peergate.bittorrent.torrents[1].info-hash=1123456789abcdef0123456789abcdef01234567",
                    "peergate.bittorrent.torrents[1].name=v6", "peergate.bittorrent.torrents[1].upstream=[::1]:6882",
                    "peergate.backbone.interfaces[0].name=public", "peergate.backbone.interfaces[0].mode=server",
                    "peergate.backbone.interfaces[0].idle-timeout=15s",
                    "peergate.backbone.interfaces[0].write-stall-timeout=45s",
                    "peergate.backbone.interfaces[0].abuse.max-penalty-duration=1h",
                    "peergate.backbone.interfaces[1].name=uplink", "peergate.backbone.interfaces[1].mode=client",
                    "peergate.backbone.interfaces[1].host=hub.example.org",
                    "peergate.backbone.interfaces[1].max-reconnect-tries=10")
            .run(context -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(BitTorrentProperties.class).torrents()).hasSize(2);
                BackboneProperties backbone = context.getBean(BackboneProperties.class);
                assertThat(backbone.interfaces().get(0).mode()).isEqualTo(InterfaceMode.SERVER);
                assertThat(backbone.interfaces().get(0).idleTimeout()).isEqualTo(Duration.ofSeconds(15));
                assertThat(backbone.interfaces().get(0).writeStallTimeout()).isEqualTo(Duration.ofSeconds(45));
                assertThat(backbone.interfaces().get(0).abuse().maxPenaltyDuration()).isEqualTo(Duration.ofHours(1));
                assertThat(backbone.interfaces().get(0).hwMtu().toBytes()).isEqualTo(1024 * 1024);
                assertThat(backbone.interfaces().get(1).mode()).isEqualTo(InterfaceMode.CLIENT);
                assertThat(backbone.interfaces().get(1).port()).isEqualTo(4242);
                assertThat(backbone.interfaces().get(1).maxReconnectTries()).isEqualTo(10);
            });
    }

    @Test
    void negativeDurationNamesTheKey() {
        assertFailsNaming("peergate.bittorrent.identify-timeout", "peergate.bittorrent.identify-timeout=-1s");
    }

    @Test
    void durationsAboveTheirBoundNameTheKey() {
        assertFailsNaming("peergate.bittorrent.identify-timeout", "peergate.bittorrent.identify-timeout=200000d");
        assertFailsNaming("peergate.bittorrent.relay-idle-timeout", "peergate.bittorrent.relay-idle-timeout=8d");
        assertFailsNaming("peergate.backbone.interfaces[0].idleTimeout", "peergate.backbone.interfaces[0].name=hub",
                "peergate.backbone.interfaces[0].mode=server", "peergate.backbone.interfaces[0].idle-timeout=200000d");
        assertFailsNaming("peergate.backbone.interfaces[0].abuse.basePenalty",
                "peergate.backbone.interfaces[0].name=hub", "peergate.backbone.interfaces[0].mode=server",
                "peergate.backbone.interfaces[0].abuse.base-penalty=1000000000000d");
    }

    @Test
    void anUnsafeTorrentNameNamesTheKey() {
        assertFailsNaming("peergate.bittorrent.torrents[0].name",
                "peergate.bittorrent.torrents[0].info-hash=0123456789abcdef0123456789abcdef01234567",
                "peergate.bittorrent.torrents[0].name=" + "n".repeat(65),
                "peergate.bittorrent.torrents[0].upstream=127.0.0.1:6882");
    }

    @Test
    void portOutOfRangeNamesTheKey() {
        assertFailsNaming("peergate.bittorrent.port", "peergate.bittorrent.port=70000");
    }

    @Test
    void capBelowMinusOneNamesTheKey() {
        assertFailsNaming("peergate.bittorrent.max-connections", "peergate.bittorrent.max-connections=-2");
    }

    @Test
    void malformedInfoHashNamesTheKey() {
        assertFailsNaming("peergate.bittorrent.torrents[0].infoHash",
                "peergate.bittorrent.torrents[0].info-hash=not-a-hash", "peergate.bittorrent.torrents[0].name=x",
                "peergate.bittorrent.torrents[0].upstream=127.0.0.1:6882");
    }

    @Test
    void malformedUpstreamNamesTheKey() {
        assertFailsNaming("peergate.bittorrent.torrents[0].upstream",
                "peergate.bittorrent.torrents[0].info-hash=0123456789abcdef0123456789abcdef01234567",
                "peergate.bittorrent.torrents[0].name=x", "peergate.bittorrent.torrents[0].upstream=127.0.0.1:99999");
    }

    @Test
    void duplicateInfoHashIsRejected() {
        assertFailsNaming("peergate.bittorrent.torrents",
                "peergate.bittorrent.torrents[0].info-hash=0123456789abcdef0123456789abcdef01234567",
                "peergate.bittorrent.torrents[0].name=a", "peergate.bittorrent.torrents[0].upstream=127.0.0.1:6882",
                "peergate.bittorrent.torrents[1].info-hash=0123456789ABCDEF0123456789ABCDEF01234567",
                "peergate.bittorrent.torrents[1].name=b", "peergate.bittorrent.torrents[1].upstream=127.0.0.1:6883");
    }

    @Test
    void duplicateInterfaceNameNamesTheKey() {
        runner
            .withPropertyValues("peergate.backbone.interfaces[0].name=public",
                    "peergate.backbone.interfaces[0].mode=server", "peergate.backbone.interfaces[1].name=public",
                    "peergate.backbone.interfaces[1].mode=server", "peergate.backbone.interfaces[1].port=4243")
            .run(context -> {
                assertThat(failureMessage(context)).contains("peergate.backbone.interfaces")
                    .contains("duplicate interface name 'public'");
            });
    }

    @Test
    void clientWithoutHostNamesTheKey() {
        assertFailsNaming("peergate.backbone.interfaces[0].host", "peergate.backbone.interfaces[0].name=uplink",
                "peergate.backbone.interfaces[0].mode=client");
    }

    @Test
    void unknownModeNamesTheKey() {
        assertFailsNaming("peergate.backbone.interfaces[0].mode", "peergate.backbone.interfaces[0].name=x",
                "peergate.backbone.interfaces[0].mode=relay");
    }

    @Test
    void hwMtuOutOfRangeNamesTheKey() {
        assertFailsNaming("peergate.backbone.interfaces[0].hwMtu", "peergate.backbone.interfaces[0].name=x",
                "peergate.backbone.interfaces[0].mode=server", "peergate.backbone.interfaces[0].hw-mtu=10B");
    }

    @Test
    void blankAdminUsernameNamesTheKey() {
        assertFailsNaming("peergate.admin.username", "peergate.admin.username=");
    }

    @Test
    void clusterDefaultsBind() {
        runner.run(context -> {
            ClusterProperties cluster = context.getBean(ClusterProperties.class);
            assertThat(cluster.name()).isEqualTo("peergate");
            assertThat(cluster.nodeId()).isEmpty();
            assertThat(cluster.sharePenalties()).isTrue();
            assertThat(cluster.memberTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(cluster.mesh().port()).isEqualTo(4243);
            assertThat(cluster.mesh().interfaceName()).isEqualTo("cluster-mesh");
        });
    }

    @Test
    void aMemberTimeoutShorterThanTwoHeartbeatsNamesTheKey() {
        assertFailsNaming("memberTimeoutLongEnough", "peergate.cluster.heartbeat-interval=1s",
                "peergate.cluster.member-timeout=1500ms");
    }

    @Test
    void aNodeIdThatCannotNameALinkNamesTheKey() {
        assertFailsNaming("peergate.cluster.nodeId", "peergate.cluster.node-id=node/1");
    }

    private void assertFailsNaming(String key, String... properties) {
        runner.withPropertyValues(properties).run(context -> assertThat(failureMessage(context)).contains(key));
    }

    /**
     * What the operator reads: the failure analysis Spring Boot prints when the node does
     * not start.
     */
    private static String failureMessage(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable failure = context.getStartupFailure();
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader
            .forDefaultResourceLocation(ConfigurationValidationTests.class.getClassLoader())
            .load(FailureAnalyzer.class, FailureHandler.handleMessage((message, e) -> {
            }));
        for (FailureAnalyzer analyzer : analyzers) {
            FailureAnalysis analysis = analyzer.analyze(failure);
            if (analysis != null) {
                return analysis.getDescription() + "\n" + analysis.getAction();
            }
        }
        throw new AssertionError("no failure analysis for " + failure, failure);
    }

}
