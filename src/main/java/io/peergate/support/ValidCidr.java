package io.peergate.support;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The annotated string is a network that {@link Cidr#parse} accepts. */
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidCidr.Validator.class)
public @interface ValidCidr {

    String message() default "must be an IP address or network such as 10.0.0.0/8";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator extends ParsingValidator<ValidCidr> {

        @Override
        protected void parse(String value) {
            Cidr.parse(value);
        }

        @Override
        protected boolean nullIsValid() {
            return false;
        }

    }

}
