package io.peergate.admin;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Body of {@code PUT .../peers/{ip}/blacklist}.
 *
 * @param duration how long the IP stays refused, 1 s to 3650 d
 * @param reason shown with the entry; unset, it names the operator who blacklisted
 */
public record BlacklistRequest(@NotNull @DurationMin(seconds = 1) @DurationMax(days = 3650) Duration duration,
        @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String reason) {
}
