package io.peergate.config;

import jakarta.validation.constraints.NotBlank;
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
 */
@Validated
@ConfigurationProperties("peergate.admin")
public record AdminProperties(@DefaultValue("admin") @NotBlank String username, @DefaultValue("") String password,
        @DefaultValue("false") boolean protectPrometheus) {

    @Override
    public String toString() {
        return "AdminProperties[username=" + username + ", password=" + (password.isEmpty() ? "" : "******")
                + ", protectPrometheus=" + protectPrometheus + "]";
    }
}
