package io.peergate.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Credentials of the admin API and the protected actuator endpoints
 * ({@code peergate.admin.*}).
 *
 * @param username user name for HTTP Basic
 * @param password password for HTTP Basic (env {@code PEERGATE_ADMIN_PASSWORD}); empty
 * generates one at startup; a value with an encoding prefix ({@code {bcrypt}$2a$10$...})
 * is taken as already encoded
 * @param protectPrometheus whether {@code /actuator/prometheus} needs the admin role too
 * (for nodes whose HTTP port is reachable from outside: meter tags name torrents and
 * interfaces)
 * @param loginThrottle how failed logins slow a client IP down
 */
@Validated
@ConfigurationProperties("peergate.admin")
public record AdminProperties(@DefaultValue("admin") @NotBlank String username, @DefaultValue("") String password,
        @DefaultValue("false") boolean protectPrometheus, @DefaultValue @NotNull @Valid LoginThrottle loginThrottle) {

    /**
     * {@code max-failures} failed logins from one IP within {@code window} refuse that IP
     * with 429 for {@code block-for} ({@code peergate.admin.login-throttle.*}).
     */
    public record LoginThrottle(@DefaultValue("true") boolean enabled, @DefaultValue("10") @Min(1) int maxFailures,
            @DefaultValue("1m") @NotNull @DurationMin(seconds = 1) @DurationMax(days = 1) Duration window,
            @DefaultValue("5m") @NotNull @DurationMin(seconds = 1) @DurationMax(days = 7) Duration blockFor) {

        public static final LoginThrottle DEFAULT = new LoginThrottle(true, 10, Duration.ofMinutes(1),
                Duration.ofMinutes(5));

    }

    @Override
    public String toString() {
        return "AdminProperties[username=" + username + ", password=" + (password.isEmpty() ? "" : "******")
                + ", protectPrometheus=" + protectPrometheus + ", loginThrottle=" + loginThrottle + "]";
    }
}
