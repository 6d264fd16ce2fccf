package io.peergate.support;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.util.unit.DataSize;

/**
 * A size between {@code min} and {@code max}, both inclusive and written as configuration
 * writes them ({@code "1KB"}, {@code "1GB"}). Null is left to {@code @NotNull}.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = SizeRange.Validator.class)
public @interface SizeRange {

    String min();

    String max();

    String message() default "must be between {min} and {max}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<SizeRange, DataSize> {

        private long min;

        private long max;

        @Override
        public void initialize(SizeRange range) {
            min = DataSize.parse(range.min()).toBytes();
            max = DataSize.parse(range.max()).toBytes();
        }

        @Override
        public boolean isValid(DataSize value, ConstraintValidatorContext context) {
            return value == null || (value.toBytes() >= min && value.toBytes() <= max);
        }

    }

}
