package io.peergate.admin;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.convert.DurationStyle;

/**
 * A JSON object sent to a PATCH (or PUT) endpoint, read field by field. Every rejection names its field: an unknown
 * field, a value of the wrong type, a value out of range.
 */
public final class PatchBody {

    private final Map<String, Object> fields;
    private final String prefix;

    private PatchBody(Map<String, Object> fields, String prefix) {
        this.fields = fields;
        this.prefix = prefix;
    }

    /** @throws AdminException.InvalidField for a field not in {@code allowed} */
    public static PatchBody of(Map<String, Object> body, Set<String> allowed) {
        return of(body, allowed, "");
    }

    private static PatchBody of(Map<String, Object> body, Set<String> allowed, String prefix) {
        Map<String, Object> fields = body == null ? Map.of() : new LinkedHashMap<>(body);
        for (String name : fields.keySet()) {
            if (!allowed.contains(name)) {
                throw new AdminException.InvalidField(
                        prefix + name, "is not a known field; known fields: " + new TreeSet<>(allowed));
            }
        }
        return new PatchBody(fields, prefix);
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public boolean has(String name) {
        return fields.containsKey(name);
    }

    /** An integer field at least {@code min}; empty when absent. */
    public Optional<Integer> integer(String name, int min, int max) {
        Object value = fields.get(name);
        if (value == null) {
            requireNotExplicitNull(name);
            return Optional.empty();
        }
        if (!(value instanceof Integer number)) {
            throw invalid(name, "must be a whole number");
        }
        if (number < min || number > max) {
            throw invalid(name, "must be between " + min + " and " + max);
        }
        return Optional.of(number);
    }

    /** An integer field that may be set to {@code null} explicitly ("unset"); outer empty when absent. */
    public Optional<Optional<Integer>> nullableInteger(String name, int min, int max) {
        if (!fields.containsKey(name)) {
            return Optional.empty();
        }
        if (fields.get(name) == null) {
            return Optional.of(Optional.empty());
        }
        return Optional.of(integer(name, min, max));
    }

    /** A duration written as {@code 5s}, {@code 250ms}, {@code 1m} or ISO-8601; empty when absent. */
    public Optional<Duration> duration(String name, Duration min) {
        Object value = fields.get(name);
        if (value == null) {
            requireNotExplicitNull(name);
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw invalid(name, "must be a duration such as \"5s\" or \"250ms\"");
        }
        Duration duration;
        try {
            duration = DurationStyle.detectAndParse(text.trim());
        } catch (IllegalArgumentException e) {
            throw invalid(name, "must be a duration such as \"5s\" or \"250ms\", got \"" + text + "\"");
        }
        if (duration.compareTo(min) < 0) {
            throw invalid(name, "must be at least " + min.toMillis() + "ms");
        }
        return Optional.of(duration);
    }

    public Optional<Boolean> bool(String name) {
        Object value = fields.get(name);
        if (value == null) {
            requireNotExplicitNull(name);
            return Optional.empty();
        }
        if (!(value instanceof Boolean flag)) {
            throw invalid(name, "must be true or false");
        }
        return Optional.of(flag);
    }

    /** A non-blank string; empty when absent. */
    public Optional<String> text(String name) {
        Object value = fields.get(name);
        if (value == null) {
            requireNotExplicitNull(name);
            return Optional.empty();
        }
        if (!(value instanceof String text) || text.isBlank()) {
            throw invalid(name, "must be a non-empty string");
        }
        return Optional.of(text);
    }

    /** A JSON object field; empty when absent. */
    @SuppressWarnings("unchecked")
    public Optional<PatchBody> object(String name, Set<String> allowed) {
        Object value = fields.get(name);
        if (value == null) {
            requireNotExplicitNull(name);
            return Optional.empty();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(name, "must be an object");
        }
        return Optional.of(of((Map<String, Object>) map, allowed, prefix + name + "."));
    }

    private AdminException.InvalidField invalid(String name, String message) {
        return new AdminException.InvalidField(prefix + name, message);
    }

    private void requireNotExplicitNull(String name) {
        if (fields.containsKey(name)) {
            throw invalid(name, "must not be null");
        }
    }
}
