package io.peergate.backbone.abuse;

import io.peergate.backbone.DisconnectReason;
import io.peergate.support.Cidr;
import io.peergate.support.Durations;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What one server interface knows about each peer IP: connections open now, rejects while
 * blacklisted, the blacklist with its reason, and the abuse rules' recent history.
 * Entries with nothing left to remember (no connections, no blacklist, no recent events,
 * penalty level decayed to zero) are dropped by {@link #expire()}, so memory follows the
 * peers that matter, not every IP ever seen.
 */
public final class PeerMonitor {

    /** One IP as the admin API and the actuator show it. */
    public record Entry(InetAddress ip, int connected, long rejects, Double blacklistedRemainingSeconds,
            String blacklistReason, int penaltyLevel) {
    }

    /** A blacklisting decided by an abuse rule. */
    public record Penalty(InetAddress ip, String rule, int level, Duration duration) {
    }

    private static final class State {

        int connected;

        long rejects;

        Instant blacklistedUntil;

        String reason;

        int level;

        Instant lastPenaltyAt;

        final ArrayDeque<Instant> shortConnections = new ArrayDeque<>();

        final ArrayDeque<Instant> idleTimeouts = new ArrayDeque<>();

        final ArrayDeque<Instant> writeStalls = new ArrayDeque<>();

        final ArrayDeque<Instant> floodSeconds = new ArrayDeque<>();

    }

    private final Clock clock;

    /** The abuse rules' names, as penalties and their meter name them. */
    public static final List<String> RULES = List.of("flapping", "idle-timeouts", "write-stalls", "flooding");

    private final Map<InetAddress, State> peers = new HashMap<>();

    private final Supplier<AbuseSettings> settings;

    /** The settings whose exempt networks {@link #exemptNetworks} holds, parsed once. */
    private AbuseSettings exemptParsedFrom;

    private List<Cidr> exemptNetworks = List.of();

    /**
     * @param settings the abuse rules in force, read at every decision (operators change
     * them at runtime)
     */
    public PeerMonitor(Supplier<AbuseSettings> settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** At accept: a blacklisted IP is refused and its reject count goes up. */
    public synchronized boolean rejectIfBlacklisted(InetAddress ip) {
        State state = peers.get(ip);
        if (state == null || !blacklisted(state, clock.instant())) {
            return false;
        }
        state.rejects++;
        return true;
    }

    /** Rejects of a blacklisted IP so far (0 when not tracked). */
    public synchronized long rejects(InetAddress ip) {
        State state = peers.get(ip);
        return state == null ? 0 : state.rejects;
    }

    public synchronized void connected(InetAddress ip) {
        peers.computeIfAbsent(ip, key -> new State()).connected++;
    }

    /**
     * Records a disconnect and runs the abuse rules.
     * @return the penalty when a rule fired: the IP is blacklisted from now on
     */
    public synchronized Optional<Penalty> disconnected(InetAddress ip, Duration connectedFor, DisconnectReason reason) {
        State state = peers.computeIfAbsent(ip, key -> new State());
        state.connected = Math.max(0, state.connected - 1);
        AbuseSettings rules = settings.get();
        if (!reason.countsAgainstPeer() || exempt(rules, ip)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        AbuseSettings.Flapping flapping = rules.flapping();
        if (flapping.enabled() && connectedFor.compareTo(flapping.shorterThan()) < 0) {
            if (fires(state.shortConnections, flapping.maxConnections(), flapping.window(), now)) {
                return Optional.of(penalise(ip, state, "flapping", now, rules));
            }
        }
        if (reason == DisconnectReason.IDLE_TIMEOUT && rules.idleTimeouts().enabled()) {
            if (fires(state.idleTimeouts, rules.idleTimeouts(), now)) {
                return Optional.of(penalise(ip, state, "idle-timeouts", now, rules));
            }
        }
        if (reason == DisconnectReason.WRITE_STALL && rules.writeStalls().enabled()) {
            if (fires(state.writeStalls, rules.writeStalls(), now)) {
                return Optional.of(penalise(ip, state, "write-stalls", now, rules));
            }
        }
        return Optional.empty();
    }

    /**
     * A connected peer of {@code ip} had frames dropped by its ingress limit; called at
     * most once a second per connection. Runs the {@code flooding} rule.
     * @return the penalty when the rule fired: the IP is blacklisted from now on and its
     * connections should be closed
     */
    public synchronized Optional<Penalty> flooded(InetAddress ip) {
        AbuseSettings rules = settings.get();
        if (!rules.flooding().enabled() || exempt(rules, ip)) {
            return Optional.empty();
        }
        State state = peers.computeIfAbsent(ip, key -> new State());
        Instant now = clock.instant();
        if (blacklisted(state, now)) {
            return Optional.empty(); // already penalised; its connections are going
        }
        if (fires(state.floodSeconds, rules.flooding(), now)) {
            return Optional.of(penalise(ip, state, "flooding", now, rules));
        }
        return Optional.empty();
    }

    /** Whether {@code ip} is in an exempt network of {@code rules}. */
    private boolean exempt(AbuseSettings rules, InetAddress ip) {
        if (rules != exemptParsedFrom) {
            exemptNetworks = rules.exemptNetworks();
            exemptParsedFrom = rules;
        }
        for (Cidr network : exemptNetworks) {
            if (network.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    private static boolean fires(ArrayDeque<Instant> events, AbuseSettings.Repeats rule, Instant now) {
        return fires(events, rule.maxEvents(), rule.window(), now);
    }

    /**
     * Records an event now; true when more than {@code maxEvents} fall within
     * {@code window} (the history restarts).
     */
    private static boolean fires(ArrayDeque<Instant> events, int maxEvents, Duration window, Instant now) {
        events.addLast(now);
        prune(events, window, now);
        if (events.size() > maxEvents) {
            events.clear();
            return true;
        }
        return false;
    }

    private static void prune(ArrayDeque<Instant> events, Duration window, Instant now) {
        Instant horizon = Durations.minus(now, window);
        while (!events.isEmpty() && !events.peekFirst().isAfter(horizon)) {
            events.removeFirst();
        }
    }

    private static Penalty penalise(InetAddress ip, State state, String rule, Instant now, AbuseSettings rules) {
        int level = decayedLevel(state, now, rules) + 1;
        Duration duration = rules.penaltyFor(level);
        state.level = level;
        state.lastPenaltyAt = now;
        state.blacklistedUntil = Durations.plus(now, duration);
        state.reason = "abuse: " + rule + " (level " + level + ")";
        return new Penalty(ip, rule, level, duration);
    }

    private static int decayedLevel(State state, Instant now, AbuseSettings rules) {
        if (state.level == 0 || state.lastPenaltyAt == null) {
            return 0;
        }
        // Both instants are real clock readings and the interval is at most a year: no
        // overflow here.
        long quietIntervals = Duration.between(state.lastPenaltyAt, now).toMillis()
                / Math.max(1, rules.penaltyDecayInterval().toMillis());
        return (int) Math.max(0, state.level - quietIntervals);
    }

    private static double remainingSeconds(Instant now, Instant until) {
        Duration remaining = Duration.between(now, until);
        return remaining.getSeconds() + remaining.getNano() / 1e9;
    }

    /**
     * An operator's blacklist: replaces any current one. @return the IP's entry as it now
     * stands
     */
    public synchronized Entry blacklist(InetAddress ip, Duration duration, String reason) {
        State state = peers.computeIfAbsent(ip, key -> new State());
        Instant now = clock.instant();
        state.blacklistedUntil = Durations.plus(now, duration);
        state.reason = reason;
        return entry(ip, state, now, settings.get());
    }

    /**
     * Puts back a penalty an abuse rule gave before a restart: its level (which goes on
     * decaying from {@code at}) and, while it lasts, its blacklist.
     */
    public synchronized void restorePenalty(InetAddress ip, int level, Instant at, Instant until, String reason) {
        State state = peers.computeIfAbsent(ip, key -> new State());
        state.level = level;
        state.lastPenaltyAt = at;
        if (clock.instant().isBefore(until)) {
            state.blacklistedUntil = until;
            state.reason = reason;
        }
    }

    /**
     * Forgets an IP entirely: blacklist, rejects, history, penalty level. Open
     * connections stay open.
     */
    public synchronized boolean clear(InetAddress ip) {
        State state = peers.remove(ip);
        if (state != null && state.connected > 0) {
            State fresh = new State();
            fresh.connected = state.connected;
            peers.put(ip, fresh);
        }
        return state != null;
    }

    public synchronized boolean isBlacklisted(InetAddress ip) {
        State state = peers.get(ip);
        return state != null && blacklisted(state, clock.instant());
    }

    private static boolean blacklisted(State state, Instant now) {
        return state.blacklistedUntil != null && now.isBefore(state.blacklistedUntil);
    }

    /**
     * Drops what no longer matters; an expired blacklist takes its reject count with it.
     */
    public synchronized void expire() {
        Instant now = clock.instant();
        AbuseSettings rules = settings.get();
        peers.values().removeIf(state -> {
            if (state.blacklistedUntil != null && !blacklisted(state, now)) {
                state.blacklistedUntil = null;
                state.reason = null;
                state.rejects = 0;
            }
            prune(state.shortConnections, rules.flapping().window(), now);
            prune(state.idleTimeouts, rules.idleTimeouts().window(), now);
            prune(state.writeStalls, rules.writeStalls().window(), now);
            prune(state.floodSeconds, rules.flooding().window(), now);
            return state.connected == 0 && state.blacklistedUntil == null && state.rejects == 0
                    && decayedLevel(state, now, rules) == 0 && state.shortConnections.isEmpty()
                    && state.idleTimeouts.isEmpty() && state.writeStalls.isEmpty() && state.floodSeconds.isEmpty();
        });
    }

    /** Every tracked IP, sorted by address. */
    public synchronized List<Entry> list() {
        Instant now = clock.instant();
        AbuseSettings rules = settings.get();
        return peers.entrySet()
            .stream()
            .sorted(Map.Entry.comparingByKey(Comparator.comparing(InetAddress::getAddress, Arrays::compareUnsigned)))
            .map(e -> entry(e.getKey(), e.getValue(), now, rules))
            .toList();
    }

    private static Entry entry(InetAddress ip, State state, Instant now, AbuseSettings rules) {
        boolean listed = blacklisted(state, now);
        return new Entry(ip, state.connected, state.rejects,
                listed ? remainingSeconds(now, state.blacklistedUntil) : null, listed ? state.reason : null,
                decayedLevel(state, now, rules));
    }

    public synchronized int size() {
        return peers.size();
    }

    /** IPs blacklisted now, by an operator or an abuse rule. */
    public synchronized int blacklistedCount() {
        Instant now = clock.instant();
        int count = 0;
        for (State state : peers.values()) {
            if (blacklisted(state, now)) {
                count++;
            }
        }
        return count;
    }

}
