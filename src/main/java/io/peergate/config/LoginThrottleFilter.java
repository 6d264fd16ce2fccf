package io.peergate.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ahead of HTTP Basic: a request with credentials from an IP that failed to log in too
 * often is answered 429 with {@code Retry-After} and never reaches the password check; a
 * request with credentials answered 401 counts as a failure of its IP
 * ({@link LoginThrottle}). Requests without credentials (health probes, a public
 * Prometheus scrape) are never counted nor refused.
 */
final class LoginThrottleFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottleFilter.class);

    private final LoginThrottle throttle;

    private final Counter failures;

    private final Counter refused;

    LoginThrottleFilter(LoginThrottle throttle, MeterRegistry registry) {
        this.throttle = throttle;
        this.failures = Counter.builder("peergate.admin.login.failures")
            .description("Admin requests with credentials that were refused (401)")
            .register(registry);
        this.refused = Counter.builder("peergate.admin.login.throttled")
            .description("Admin requests refused with 429 because their IP failed to log in too often")
            .register(registry);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String ip = request.getRemoteAddr();
        boolean login = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        Optional<Duration> blocked = login ? throttle.blocked(ip) : Optional.empty();
        if (blocked.isPresent()) {
            refused.increment();
            long seconds = Math.max(1, (blocked.get().toMillis() + 999) / 1000);
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
            Problems.write(response, HttpStatus.TOO_MANY_REQUESTS.value(), request.getRequestURI(),
                    "Too many failed logins from this address; try again in " + seconds + " s.");
            return;
        }
        chain.doFilter(request, response);
        if (login && response.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
            failures.increment();
            LoginThrottle.Failure failure = throttle.failed(ip);
            if (failure.blockedNow()) {
                log.warn("admin logins from {} blocked for {} after {} failures", ip, failure.blockedFor(),
                        failure.failures());
            }
        }
    }

}
