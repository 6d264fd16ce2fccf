package io.peergate.support;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * No two elements of the annotated list share a key (an interface name, an info hash).
 * The violation names the index of the second occurrence, so the message points at the
 * exact configuration key.
 */
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = UniqueKeys.Validator.class)
public @interface UniqueKeys {

    /** What the key is, for the message ("interface name"). */
    String what();

    String message() default "duplicate";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** An element with a key that must be unique within its list. */
    interface Keyed {

        String uniqueKey();

    }

    class Validator implements ConstraintValidator<UniqueKeys, List<? extends Keyed>> {

        private String what;

        @Override
        public void initialize(UniqueKeys annotation) {
            this.what = annotation.what();
        }

        @Override
        public boolean isValid(List<? extends Keyed> values, ConstraintValidatorContext context) {
            if (values == null) {
                return true;
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < values.size(); i++) {
                Keyed value = values.get(i);
                String key = value == null ? null : value.uniqueKey();
                if (key != null && !seen.add(key)) {
                    context.disableDefaultConstraintViolation();
                    context
                        .buildConstraintViolationWithTemplate(
                                "duplicate " + what + " '" + key.replace("{", "\\{") + "' at index " + i)
                        .addConstraintViolation();
                    return false;
                }
            }
            return true;
        }

    }

}
