package io.peergate.backbone.config;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The checks of one interface that span several keys: a client needs a host and a port,
 * hw-mtu is in range.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidInterface.Validator.class)
public @interface ValidInterface {

    String message() default "invalid interface";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ValidInterface, InterfaceProperties> {

        @Override
        public boolean isValid(InterfaceProperties value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            boolean valid = true;
            context.disableDefaultConstraintViolation();
            if (value.mode() == InterfaceMode.CLIENT) {
                if (value.host() == null || value.host().isBlank()) {
                    valid = violation(context, "host", "must be set when mode is client");
                }
                if (value.port() == 0) {
                    valid = violation(context, "port", "must be 1-65535 when mode is client");
                }
            }
            if (value.hwMtu() != null) {
                long bytes = value.hwMtu().toBytes();
                if (bytes < InterfaceProperties.MIN_HW_MTU || bytes > InterfaceProperties.MAX_HW_MTU) {
                    valid = violation(context, "hwMtu", "must be between 64B and 16MB");
                }
            }
            return valid;
        }

        private static boolean violation(ConstraintValidatorContext context, String property, String message) {
            context.buildConstraintViolationWithTemplate(message).addPropertyNode(property).addConstraintViolation();
            return false;
        }

    }

}
