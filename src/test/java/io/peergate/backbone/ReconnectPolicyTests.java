package io.peergate.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTests {

    private static final Duration BASE = Duration.ofSeconds(5);

    @Test
    void doublesPerFailedAttemptUpToSixtyFourTimesTheBase() {
        ReconnectPolicy middle = new ReconnectPolicy(() -> 0.5); // no jitter
        assertThat(middle.delay(BASE, 0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(middle.delay(BASE, 1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(middle.delay(BASE, 3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(middle.delay(BASE, 6)).isEqualTo(Duration.ofSeconds(320));
        assertThat(middle.delay(BASE, 7)).isEqualTo(Duration.ofSeconds(320));
        assertThat(middle.delay(BASE, 1000)).isEqualTo(Duration.ofSeconds(320));
    }

    @Test
    void jitterStaysWithinAQuarterEitherWay() {
        assertThat(new ReconnectPolicy(() -> 0.0).delay(BASE, 2)).isEqualTo(Duration.ofSeconds(15));
        assertThat(new ReconnectPolicy(() -> 0.999_999_999).delay(BASE, 2)).isBetween(Duration.ofMillis(24_999),
                Duration.ofSeconds(25));
        assertThat(new ReconnectPolicy(() -> 0.75).delay(BASE, 0)).isEqualTo(Duration.ofMillis(5625));
    }

    @Test
    void aShortSilentConnectionIsAFailedAttempt() {
        assertThat(ReconnectPolicy.failed(Duration.ofSeconds(19), false)).isTrue();
        assertThat(ReconnectPolicy.failed(Duration.ofSeconds(20), false)).isFalse();
        assertThat(ReconnectPolicy.failed(Duration.ofSeconds(1), true)).isFalse();
    }

}
