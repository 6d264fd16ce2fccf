package io.peergate.support;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.lang.annotation.Annotation;

/**
 * A constraint whose check is a parser: the value is valid when it parses, and a value
 * that does not is reported with the parser's own message.
 */
public abstract class ParsingValidator<A extends Annotation> implements ConstraintValidator<A, String> {

    /**
     * @throws IllegalArgumentException with what is wrong with {@code value}
     */
    protected abstract void parse(String value);

    /** Whether a null value is valid (the field being optional). */
    protected boolean nullIsValid() {
        return true;
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null) {
            return nullIsValid();
        }
        try {
            parse(value);
            return true;
        }
        catch (IllegalArgumentException e) {
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(e.getMessage().replace("{", "\\{")).addConstraintViolation();
            return false;
        }
    }

}
