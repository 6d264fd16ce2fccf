package io.peergate.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import io.peergate.reticulum.Hash16;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Announce ingress control against a clock the test moves: a burst holds, one per
 * destination, up to the bound; after the burst and its penalty the held announces come
 * out one per interval, lowest hop count first.
 */
class AnnounceIngressTests {

    private static final long SECOND = 1_000_000_000L;

    private static final AnnounceControlSettings ON = new AnnounceControlSettings(true, Duration.ofHours(2), 3.5, 12,
            Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofSeconds(30), 3);

    private static Hash16 destination(int n) {
        return new Hash16(n, n);
    }

    @Test
    void aBurstHoldsAndTheHeldComeOutInOrderAfterThePenalty() {
        AnnounceIngress ingress = new AnnounceIngress(0);
        long now = 0;
        assertThat(ingress.limits(now, ON)).as("one announce is no burst").isFalse();
        int[] hops = { 5, 2, 7, 1 };
        for (int n = 0; n < hops.length; n++) {
            now += SECOND / 10; // ten a second: a new peer's threshold is 3.5
            assertThat(ingress.limits(now, ON)).isTrue();
            boolean kept = ingress.hold(destination(n), new byte[] { (byte) n }, hops[n], ON);
            assertThat(kept).as("held %d", n).isEqualTo(n < 3);
        }
        // a newer announce for a held destination replaces it, even at the bound
        now += SECOND / 10;
        assertThat(ingress.limits(now, ON)).isTrue();
        assertThat(ingress.hold(destination(2), new byte[] { 22 }, 7, ON)).isTrue();
        assertThat(ingress.heldNow()).isEqualTo(3);
        assertThat(ingress.dropped()).isEqualTo(1);

        // quiet: the burst ends after burst-hold, then the penalty runs
        now += 61 * SECOND;
        assertThat(ingress.release(now, ON)).as("penalty not over").isNull();
        now += 5 * 60 * SECOND;
        AnnounceIngress.Held first = ingress.release(now, ON);
        assertThat(first.hops()).isEqualTo(2);
        assertThat(ingress.release(now + SECOND, ON)).as("one per interval").isNull();
        now += 30 * SECOND;
        assertThat(ingress.release(now, ON).hops()).isEqualTo(5);
        now += 30 * SECOND;
        AnnounceIngress.Held last = ingress.release(now, ON);
        assertThat(last.frame()).containsExactly(22);
        assertThat(ingress.release(now + 60 * SECOND, ON)).isNull();
        assertThat(ingress.released()).isEqualTo(3);
    }

    @Test
    void aQuickBurstComesOutOncePastTheThreshold() {
        AnnounceControlSettings fast = new AnnounceControlSettings(true, Duration.ofHours(2), 2, 12,
                Duration.ofMillis(1), Duration.ZERO, Duration.ofMillis(200), 2);
        AnnounceIngress ingress = new AnnounceIngress(0);
        long now = SECOND;
        assertThat(ingress.limits(now, fast)).isFalse();
        for (int n = 1; n < 5; n++) {
            assertThat(ingress.limits(now + n * 1_000_000L, fast)).isTrue();
            ingress.hold(destination(n), new byte[] { (byte) n }, n, fast);
        }
        int released = 0;
        for (int second = 1; second <= 6; second++) {
            released += ingress.release(now + second * SECOND, fast) == null ? 0 : 1;
        }
        assertThat(released).isEqualTo(2);
    }

    @Test
    void anOlderPeerHasTheHigherThresholdAndOffNeverHolds() {
        AnnounceIngress old = new AnnounceIngress(0);
        long now = 3 * 3600 * SECOND; // past new-time
        for (int n = 0; n < 6; n++) {
            now += SECOND / 5; // five a second: above 3.5, below 12
            assertThat(old.limits(now, ON)).isFalse();
        }
        AnnounceIngress off = new AnnounceIngress(0);
        for (int n = 0; n < 20; n++) {
            assertThat(off.limits(n * SECOND / 100, AnnounceControlSettings.OFF)).isFalse();
        }
    }

}
