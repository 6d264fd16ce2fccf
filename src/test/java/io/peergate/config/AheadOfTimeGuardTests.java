package io.peergate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

/**
 * An ahead-of-time start is refused, with a report that says what to do, when the
 * settings switch beans the build fixed; any other start is left alone.
 */
class AheadOfTimeGuardTests {

    @Test
    void theDefaultsFitTheAotContext() {
        assertThat(AheadOfTimeGuard.mismatches(new MockEnvironment())).isEmpty();
        assertThat(AheadOfTimeGuard.mismatches(new MockEnvironment().withProperty("peergate.state.store", "memory")
            .withProperty("peergate.bittorrent.enabled", "true"))).isEmpty();
    }

    @Test
    void aDisabledGatewayAndClusterModeDoNot() {
        assertThat(
                AheadOfTimeGuard.mismatches(new MockEnvironment().withProperty("peergate.bittorrent.enabled", "false")
                    .withProperty("peergate.state.store", "Redis ")))
            .containsExactly("peergate.bittorrent.enabled=false (the AOT context runs the gateway)",
                    "peergate.state.store=redis (the AOT context has no cluster mode)");
    }

    @Test
    void onlyAnAotStartIsRefused() {
        MockEnvironment cluster = new MockEnvironment().withProperty("peergate.state.store", "redis");
        AheadOfTimeGuard guard = new AheadOfTimeGuard();
        assertThatNoException().isThrownBy(() -> guard.postProcessEnvironment(cluster, new SpringApplication()));
        System.setProperty("spring.aot.enabled", "true");
        try {
            assertThatThrownBy(() -> guard.postProcessEnvironment(cluster, new SpringApplication()))
                .isInstanceOf(AheadOfTimeGuard.AheadOfTimeMismatchException.class)
                .hasMessageContaining("peergate.state.store=redis");
        }
        finally {
            System.clearProperty("spring.aot.enabled");
        }
    }

    @Test
    void theReportSaysHowToStart() {
        FailureAnalysis analysis = new AheadOfTimeMismatchFailureAnalyzer()
            .analyze(new AheadOfTimeGuard.AheadOfTimeMismatchException(List.of("peergate.state.store=redis")));
        assertThat(analysis.getDescription()).contains("peergate.state.store=redis");
        assertThat(analysis.getAction()).contains("without -Dspring.aot.enabled=true");
    }

}
