package io.peergate.admin;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Body of {@code PUT .../peers/{ip}/blacklist}.
 *
 * @param duration how long the IP stays refused, 1 s to 365 d
 * @param reason shown with the entry and logged: 1-200 characters, no control characters;
 * unset, it names the operator who blacklisted
 */
public record BlacklistRequest(@NotNull @DurationMin(seconds = 1) @DurationMax(days = 365) Duration duration,
        @Pattern(regexp = "(?=.*\\S)[^\\p{C}]{1,200}",
                message = "must be 1-200 characters, not blank, without control characters") String reason) {
}
