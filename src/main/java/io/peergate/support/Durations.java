package io.peergate.support;

import java.time.Duration;

/**
 * Durations written the way configuration takes them: {@code 5s}, {@code 250ms},
 * {@code 2h}.
 */
public final class Durations {

    private Durations() {
    }

    public static String format(Duration duration) {
        if (duration == null) {
            return null;
        }
        long millis = duration.toMillis();
        if (millis != 0 && millis % 86_400_000 == 0) {
            return millis / 86_400_000 + "d";
        }
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

}
