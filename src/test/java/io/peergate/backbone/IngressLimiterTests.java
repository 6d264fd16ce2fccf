package io.peergate.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The ingress token buckets, driven by explicit timestamps. */
class IngressLimiterTests {

    private static final long SECOND = 1_000_000_000L;

    private final IngressLimiter limiter = new IngressLimiter();

    private static IngressSettings frames(int perSecond, int burst) {
        return new IngressSettings(perSecond, burst, DataSize.ofBytes(0), DataSize.ofBytes(0));
    }

    private int admitted(IngressSettings limits, int frames, int bytes, long now) {
        int admitted = 0;
        for (int i = 0; i < frames; i++) {
            admitted += limiter.admit(limits, bytes, now) ? 1 : 0;
        }
        return admitted;
    }

    @Test
    void offAdmitsEverything() {
        assertThat(admitted(IngressSettings.OFF, 1_000_000, 500, SECOND)).isEqualTo(1_000_000);
    }

    @Test
    void aBurstPassesThenTheRateRefills() {
        IngressSettings limits = frames(10, 50);
        assertThat(admitted(limits, 100, 64, SECOND)).isEqualTo(50);
        assertThat(admitted(limits, 100, 64, SECOND + SECOND / 2)).isEqualTo(5);
        assertThat(admitted(limits, 100, 64, 100 * SECOND)).as("refilled to the burst, no more").isEqualTo(50);
    }

    @Test
    void aZeroBurstIsOneSecondsWorth() {
        assertThat(admitted(frames(20, 0), 100, 64, SECOND)).isEqualTo(20);
    }

    @Test
    void bytesAreLimitedAndAFrameLargerThanTheBurstStillPassesAfterAQuietSpell() {
        IngressSettings limits = new IngressSettings(0, 0, DataSize.ofKilobytes(4), DataSize.ofKilobytes(4));
        assertThat(admitted(limits, 100, 1024, SECOND)).isEqualTo(4);
        assertThat(admitted(limits, 1, 16 * 1024, 10 * SECOND)).isEqualTo(1);
        assertThat(admitted(limits, 1, 64, 11 * SECOND)).as("the big frame is paid off first").isZero();
        assertThat(admitted(limits, 1, 64, 14 * SECOND)).isEqualTo(1);
    }

    @Test
    void aFrameOverEitherLimitTakesNothingFromTheOther() {
        IngressSettings limits = new IngressSettings(2, 2, DataSize.ofKilobytes(1), DataSize.ofKilobytes(1));
        assertThat(admitted(limits, 1, 1024, SECOND)).isEqualTo(1);
        assertThat(admitted(limits, 1, 64, SECOND)).as("bytes spent, frames left").isZero();
        assertThat(admitted(limits, 1, 64, 2 * SECOND)).isEqualTo(1);
    }

}
