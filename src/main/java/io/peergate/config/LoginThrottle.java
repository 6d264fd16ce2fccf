package io.peergate.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failed admin logins per client IP: {@code max-failures} within {@code window} block
 * that IP for {@code block-for}, so a password cannot be guessed at full speed. Other IPs
 * are never affected. Bounded: at most {@link #MAX_TRACKED} IPs are remembered, the least
 * recently seen going first.
 */
final class LoginThrottle {

    static final int MAX_TRACKED = 10_000;

    /** What became of a failure. */
    record Failure(boolean blockedNow, Duration blockedFor, int failures) {
    }

    private static final class State {

        final ArrayDeque<Instant> failures = new ArrayDeque<>();

        Instant blockedUntil = Instant.MIN;

    }

    private final AdminProperties.LoginThrottle settings;

    private final Clock clock;

    private final Map<String, State> ips = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, State> eldest) {
            return size() > MAX_TRACKED;
        }
    };

    LoginThrottle(AdminProperties.LoginThrottle settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** How long {@code ip} is still blocked, if it is. */
    synchronized Optional<Duration> blocked(String ip) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        State state = ips.get(ip);
        Instant now = clock.instant();
        if (state == null || !now.isBefore(state.blockedUntil)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, state.blockedUntil));
    }

    /** A login from {@code ip} failed. */
    synchronized Failure failed(String ip) {
        if (!settings.enabled()) {
            return new Failure(false, Duration.ZERO, 0);
        }
        State state = ips.computeIfAbsent(ip, key -> new State());
        Instant now = clock.instant();
        Instant since = now.minus(settings.window());
        while (!state.failures.isEmpty() && state.failures.peekFirst().isBefore(since)) {
            state.failures.removeFirst();
        }
        state.failures.addLast(now);
        int failures = state.failures.size();
        if (failures >= settings.maxFailures() && !now.isBefore(state.blockedUntil)) {
            state.blockedUntil = now.plus(settings.blockFor());
            state.failures.clear();
            return new Failure(true, settings.blockFor(), failures);
        }
        return new Failure(false, Duration.ZERO, failures);
    }

}
