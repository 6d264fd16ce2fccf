package io.peergate.backbone;

import io.peergate.support.Durations;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When a client link tries again: {@code reconnect-wait × 2^min(attempts, 6)} with ± 25 %
 * jitter, so a hub that goes away is not hammered and a fleet of nodes does not come back
 * in lockstep. A connection that ends within {@link #HEALTHY_AFTER} without having
 * received a byte counts as a failed attempt, so a server that accepts and drops at once
 * cannot cause a tight loop.
 */
public final class ReconnectPolicy {

    /**
     * The largest doubling: with a 5 s base the wait tops out at 5 × 64 = 320 s, before
     * jitter.
     */
    static final int MAX_BACKOFF_SHIFT = 6;
    static final double JITTER = 0.25;

    /**
     * A link that lasted this long, or received data, was a success: the attempt count
     * starts over.
     */
    public static final Duration HEALTHY_AFTER = Duration.ofSeconds(20);

    private final DoubleSupplier random;

    /**
     * @param random uniform in [0, 1), such as
     * {@code ThreadLocalRandom.current()::nextDouble}
     */
    public ReconnectPolicy(DoubleSupplier random) {
        this.random = random;
    }

    /** The wait before the next attempt, after {@code attempts} failed ones in a row. */
    public Duration delay(Duration reconnectWait, int attempts) {
        int shift = Math.min(Math.max(attempts, 0), MAX_BACKOFF_SHIFT);
        double backoff = Durations.toNanos(reconnectWait) * (double) (1L << shift);
        double factor = 1 + JITTER * (2 * random.getAsDouble() - 1);
        return Duration.ofNanos(Math.round(backoff * factor));
    }

    /** Whether a connection that ended counts as a failed attempt. */
    public static boolean failed(Duration connectedFor, boolean receivedData) {
        return !receivedData && connectedFor.compareTo(HEALTHY_AFTER) < 0;
    }

}
