package io.peergate.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.peergate.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Failed logins per IP against a clock the test moves. */
class LoginThrottleTests {

    private final MutableClock clock = new MutableClock();

    private final LoginThrottle throttle = new LoginThrottle(AdminProperties.LoginThrottle.DEFAULT, clock);

    @Test
    void tenFailuresInAMinuteBlockThatIpAloneForFiveMinutes() {
        for (int n = 1; n < 10; n++) {
            assertThat(throttle.failed("10.0.0.1").blockedNow()).isFalse();
            clock.advance(Duration.ofSeconds(5));
        }
        LoginThrottle.Failure tenth = throttle.failed("10.0.0.1");
        assertThat(tenth.blockedNow()).isTrue();
        assertThat(tenth.failures()).isEqualTo(10);
        assertThat(throttle.blocked("10.0.0.1")).contains(Duration.ofMinutes(5));
        assertThat(throttle.blocked("10.0.0.2")).as("another IP").isEmpty();
        clock.advance(Duration.ofMinutes(5));
        assertThat(throttle.blocked("10.0.0.1")).as("over").isEmpty();
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        for (int n = 0; n < 30; n++) {
            assertThat(throttle.failed("10.0.0.3").blockedNow()).isFalse();
            clock.advance(Duration.ofSeconds(7)); // at most nine in any minute
        }
        assertThat(throttle.blocked("10.0.0.3")).isEmpty();
    }

    @Test
    void offNeverBlocks() {
        LoginThrottle off = new LoginThrottle(
                new AdminProperties.LoginThrottle(false, 1, Duration.ofMinutes(1), Duration.ofMinutes(5)), clock);
        for (int n = 0; n < 5; n++) {
            assertThat(off.failed("10.0.0.4").blockedNow()).isFalse();
        }
        assertThat(off.blocked("10.0.0.4")).isEmpty();
    }

}
