package io.peergate.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Durations as configuration writes them, and timer arithmetic that saturates instead of
 * throwing.
 */
class DurationsTests {

    @Test
    void formatsTheLargestWholeUnitAndNeverThrows() {
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(Durations.format(Duration.ofDays(365))).isEqualTo("365d");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.format(Duration.ofNanos(500_000))).isEqualTo("PT0.0005S");
        assertThat(Durations.format(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999))).isNotBlank();
        assertThat(Durations.format(Duration.ofSeconds(Long.MAX_VALUE / 10, 1_000_000))).isNotBlank();
    }

    @Test
    void timerArithmeticSaturates() {
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
        assertThat(Durations.toNanos(forever)).isEqualTo(Long.MAX_VALUE);
        assertThat(Durations.toNanos(forever.negated())).isEqualTo(Long.MIN_VALUE);
        assertThat(Durations.toNanos(Duration.ofSeconds(3))).isEqualTo(3_000_000_000L);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(Durations.plus(now, forever)).isEqualTo(Instant.MAX);
        assertThat(Durations.minus(now, forever)).isEqualTo(Instant.MIN);
        assertThat(Durations.plus(now, Duration.ofDays(1))).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
        assertThat(Durations.elapsed(0, Long.MAX_VALUE, forever)).isTrue();
        assertThat(Durations.elapsed(10, 20, forever)).isFalse();
    }

}
