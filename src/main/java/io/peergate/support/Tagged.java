package io.peergate.support;

import java.util.Locale;

/**
 * An enum constant whose metric tag is its name in lower case with dashes:
 * {@code WRITE_STALL} is {@code write-stall}. The reasons counted in meters implement it,
 * so a reason reads the same in code, metrics, logs and the actuator.
 */
public interface Tagged {

    String name();

    default String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant whose tag is {@code text}.
     * @throws IllegalArgumentException when there is none
     */
    static <E extends Enum<E> & Tagged> E parse(Class<E> type, String text) {
        for (E constant : type.getEnumConstants()) {
            if (constant.tag().equals(text)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("no " + type.getSimpleName() + " '" + text + "'");
    }

}
