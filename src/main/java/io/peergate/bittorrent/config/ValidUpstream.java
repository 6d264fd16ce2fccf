package io.peergate.bittorrent.config;

import io.peergate.bittorrent.UpstreamAddress;
import io.peergate.support.ParsingValidator;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The annotated string is a {@code host:port} that {@link UpstreamAddress#parse} accepts.
 */
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidUpstream.Validator.class)
public @interface ValidUpstream {

    String message() default "must be host:port";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator extends ParsingValidator<ValidUpstream> {

        @Override
        protected void parse(String value) {
            UpstreamAddress.parse(value);
        }

    }

}
