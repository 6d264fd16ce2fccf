package io.peergate.bittorrent.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.peergate.bittorrent.GatewayHarness;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

class BitTorrentHealthIndicatorTests {

    @Test
    void upWhileBoundDownOnceStopped() {
        GatewayHarness harness = new GatewayHarness();
        BitTorrentHealthIndicator health = new BitTorrentHealthIndicator(harness.gateway);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsEntry("address", "127.0.0.1:" + harness.port());
        harness.close();
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    }

}
