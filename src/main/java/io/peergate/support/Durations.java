package io.peergate.support;

import java.time.Duration;
import java.time.Instant;

/**
 * Durations written the way configuration takes them ({@code 5s}, {@code 250ms},
 * {@code 2h}), and the arithmetic timers need, saturating where {@link Duration} would
 * throw: a timer set far out waits "for ever", it never fails.
 */
public final class Durations {

    private static final long SECONDS_PER_DAY = 86_400;

    private Durations() {
    }

    /**
     * The largest whole unit ({@code d}, {@code h}, {@code m}, {@code s}, {@code ms}); a
     * duration with a fraction of a millisecond is written in ISO-8601
     * ({@code PT0.0005S}), which configuration takes too.
     */
    public static String format(Duration duration) {
        if (duration == null) {
            return null;
        }
        long seconds = duration.getSeconds();
        int nanos = duration.getNano();
        if (nanos == 0) {
            if (seconds != 0 && seconds % SECONDS_PER_DAY == 0) {
                return seconds / SECONDS_PER_DAY + "d";
            }
            if (seconds != 0 && seconds % 3600 == 0) {
                return seconds / 3600 + "h";
            }
            if (seconds != 0 && seconds % 60 == 0) {
                return seconds / 60 + "m";
            }
            return seconds + "s";
        }
        if (nanos % 1_000_000 == 0 && Math.abs(seconds) < Long.MAX_VALUE / 1000 - 1) {
            return (seconds * 1000 + nanos / 1_000_000) + "ms";
        }
        return duration.toString();
    }

    /**
     * {@link Duration#toNanos()}, saturated to {@code Long.MAX_VALUE} (or
     * {@code MIN_VALUE}) instead of throwing.
     */
    public static long toNanos(Duration duration) {
        try {
            return duration.toNanos();
        }
        catch (ArithmeticException e) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /**
     * {@code instant + duration}, saturated to {@link Instant#MAX} or {@link Instant#MIN}
     * instead of throwing.
     */
    public static Instant plus(Instant instant, Duration duration) {
        try {
            return instant.plus(duration);
        }
        catch (ArithmeticException | java.time.DateTimeException e) {
            return duration.isNegative() ? Instant.MIN : Instant.MAX;
        }
    }

    /** {@code instant − duration}, saturated like {@link #plus}. */
    public static Instant minus(Instant instant, Duration duration) {
        try {
            return instant.minus(duration);
        }
        catch (ArithmeticException | java.time.DateTimeException e) {
            return duration.isNegative() ? Instant.MAX : Instant.MIN;
        }
    }

    /**
     * Whether at least {@code timeout} has passed from {@code sinceNanos} to
     * {@code nowNanos} ({@link System#nanoTime}).
     */
    public static boolean elapsed(long sinceNanos, long nowNanos, Duration timeout) {
        return nowNanos - sinceNanos >= toNanos(timeout);
    }

}
