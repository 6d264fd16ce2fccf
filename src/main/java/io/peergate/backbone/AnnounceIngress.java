package io.peergate.backbone;

import io.peergate.reticulum.Hash16;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One peer's announce ingress control ({@link AnnounceControlSettings}): the times of its
 * last six announces give their frequency, as in the reference implementation; above the
 * threshold a burst starts and lasts at least {@code burst-hold}; during it announces for
 * unknown destinations are held, the newest per destination; after it, and after
 * {@code burst-penalty}, one held announce (the lowest hop count, the oldest among
 * equals) is released per {@code held-release-interval}. Times are nanoseconds from the
 * caller's clock. Thread-safe.
 */
final class AnnounceIngress {

    /** Announces whose times give the frequency. */
    static final int SAMPLES = 6;

    /** Destinations remembered as known per peer, at most. */
    static final int MAX_PASSED = 4096;

    /** A held announce: its frame's bytes and hop count. */
    record Held(byte[] frame, int hops) {
    }

    private final long connectedAt;

    private final ArrayDeque<Long> arrivals = new ArrayDeque<>(SAMPLES);

    private final Map<Hash16, Held> held = new LinkedHashMap<>();

    /** Destinations whose announces from this peer were relayed: known, never held. */
    private final Map<Hash16, Boolean> passed = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash16, Boolean> eldest) {
            return size() > MAX_PASSED;
        }
    };

    private boolean burst;

    private long burstStarted;

    private long releaseAt;

    private long heldCount;

    private long releasedCount;

    private long droppedCount;

    AnnounceIngress(long connectedAt) {
        this.connectedAt = connectedAt;
    }

    /**
     * An announce for {@code destination} came in at {@code now}.
     * @return true when it is to be held rather than relayed (the caller then offers it
     * to {@link #hold})
     */
    synchronized boolean limits(long now, AnnounceControlSettings settings) {
        if (arrivals.size() == SAMPLES) {
            arrivals.removeFirst();
        }
        arrivals.addLast(now);
        return settings.enabled() && limiting(now, settings);
    }

    private boolean limiting(long now, AnnounceControlSettings settings) {
        double threshold = threshold(now, settings);
        double frequency = frequency(now);
        if (burst) {
            if (frequency < threshold && now - burstStarted > settings.burstHold().toNanos()) {
                burst = false;
                releaseAt = now + settings.burstPenalty().toNanos();
            }
            return true;
        }
        if (frequency > threshold) {
            burst = true;
            burstStarted = now;
            return true;
        }
        return false;
    }

    private double threshold(long now, AnnounceControlSettings settings) {
        return now - connectedAt < settings.newTime().toNanos() ? settings.burstFreqNew() : settings.burstFreq();
    }

    /**
     * Announces per second: the samples over the time from the first to now, as
     * {@code incoming_announce_frequency} computes it.
     */
    double frequency(long now) {
        if (arrivals.size() < 2) {
            return 0;
        }
        double seconds = (now - arrivals.peekFirst()) / 1e9;
        return seconds <= 0 ? 0 : arrivals.size() / seconds;
    }

    /**
     * Holds {@code frame} for {@code destination}: it replaces one held for the same
     * destination; a new destination beyond {@code max-held} is dropped.
     * @return false when it was dropped
     */
    synchronized boolean hold(Hash16 destination, byte[] frame, int hops, AnnounceControlSettings settings) {
        if (held.containsKey(destination) || held.size() < settings.maxHeld()) {
            held.put(destination, new Held(frame, hops));
            heldCount++;
            return true;
        }
        droppedCount++;
        return false;
    }

    /**
     * The held announce due at {@code now}, taken out, or null: none is held, a burst is
     * on, or the penalty or the interval since the last release has not passed.
     */
    synchronized Held release(long now, AnnounceControlSettings settings) {
        if (held.isEmpty() || (settings.enabled() && limiting(now, settings)) || now - releaseAt < 0) {
            return null;
        }
        if (frequency(now) >= threshold(now, settings) && settings.enabled()) {
            return null;
        }
        Hash16 chosen = null;
        int lowest = Integer.MAX_VALUE;
        for (Map.Entry<Hash16, Held> entry : held.entrySet()) {
            if (entry.getValue().hops() < lowest) {
                lowest = entry.getValue().hops();
                chosen = entry.getKey();
            }
        }
        releaseAt = now + settings.heldReleaseInterval().toNanos();
        releasedCount++;
        return held.remove(chosen);
    }

    /** An announce for {@code destination} from this peer was relayed. */
    synchronized void passed(Hash16 destination) {
        passed.put(destination, Boolean.TRUE);
    }

    synchronized boolean known(Hash16 destination) {
        return passed.containsKey(destination);
    }

    /** What is held is let go of (the peer left). */
    synchronized void clear() {
        held.clear();
    }

    synchronized int heldNow() {
        return held.size();
    }

    synchronized long held() {
        return heldCount;
    }

    synchronized long released() {
        return releasedCount;
    }

    synchronized long dropped() {
        return droppedCount;
    }

}
