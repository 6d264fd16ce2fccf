package io.peergate.admin;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Admin request bodies as typed records, checked by the constraints the records carry:
 * the same ones that validate {@code application.yml} at startup, so no bound is written
 * twice. Strict where the node's general JSON is lenient: an unknown field, a number in
 * quotes, a fraction for a whole number or a null that is not documented as "unset" is a
 * 400 naming the field. Nothing is applied before the whole body has passed.
 */
@Component
public class RequestBodies {

    private final JsonMapper json;

    private final Validator validator;

    public RequestBodies(JsonMapper jsonMapper, Validator validator) {
        this.json = jsonMapper.rebuild()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
        this.validator = validator;
    }

    /**
     * The whole of {@code body} as a {@code type}; a missing body reads as {@code {}}.
     */
    public <T> T read(@Nullable JsonNode body, Class<T> type) {
        return validated(convert(object(body), type));
    }

    /**
     * The whole of {@code body} and a field the path gives ({@code pathField} in the body
     * is refused) as a {@code type}.
     */
    public <T> T read(@Nullable JsonNode body, Class<T> type, String pathField, String pathValue) {
        ObjectNode fields = object(body).deepCopy();
        if (fields.has(pathField)) {
            throw new AdminException.InvalidField(pathField, "is given by the path, not the body");
        }
        fields.put(pathField, pathValue);
        return validated(convert(fields, type));
    }

    /**
     * {@code current} with what {@code patch} names replaced: a nested object changes
     * only the fields it names, and {@code null} unsets a field only where the record
     * marks it {@link Nullable}.
     */
    public <T extends Record> T patch(T current, @Nullable JsonNode patch, Class<T> type) {
        ObjectNode merged = json.valueToTree(current);
        merge(merged, object(patch), type, "");
        return validated(convert(merged, type));
    }

    /**
     * One patch that does what {@code earlier} then {@code later} do: nested objects
     * merge field by field, anything else in {@code later} wins. Kept as the stored
     * change when an operator patches the same settings twice.
     */
    public ObjectNode accumulate(@Nullable JsonNode earlier, @Nullable JsonNode later) {
        ObjectNode merged = object(earlier).deepCopy();
        accumulateInto(merged, object(later));
        return merged;
    }

    private static void accumulateInto(ObjectNode target, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            if (field.getValue() instanceof ObjectNode nested
                    && target.get(field.getKey()) instanceof ObjectNode into) {
                accumulateInto(into, nested);
            }
            else {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }

    /** {@code value} as a JSON tree, the way the API shows it. */
    public JsonNode tree(Object value) {
        return json.valueToTree(value);
    }

    /**
     * {@code value} as compact JSON, the way the API shows it: for log lines about
     * changes.
     */
    public String text(Object value) {
        try {
            return json.writeValueAsString(value);
        }
        catch (RuntimeException e) {
            // The change was made already: a line that cannot be written as JSON is
            // written as it can be.
            return String.valueOf(value);
        }
    }

    private ObjectNode object(@Nullable JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            return json.createObjectNode();
        }
        if (!(body instanceof ObjectNode object)) {
            throw new AdminException.InvalidField("body", "must be a JSON object");
        }
        return object;
    }

    private static void merge(ObjectNode target, ObjectNode patch, Class<?> type, String prefix) {
        Map<String, RecordComponent> components = Arrays.stream(type.getRecordComponents())
            .collect(Collectors.toMap(RecordComponent::getName, Function.identity()));
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            RecordComponent component = components.get(name);
            if (component == null) {
                throw new AdminException.InvalidField(prefix + name,
                        "is not a known field; known fields: " + new TreeSet<>(components.keySet()));
            }
            if (value.isNull() && !nullable(component)) {
                throw new AdminException.InvalidField(prefix + name, "must not be null");
            }
            if (value instanceof ObjectNode nestedPatch && component.getType().isRecord()
                    && target.get(name) instanceof ObjectNode nestedTarget) {
                merge(nestedTarget, nestedPatch, component.getType(), prefix + name + ".");
            }
            else {
                target.set(name, value);
            }
        }
    }

    private static boolean nullable(RecordComponent component) {
        return component.isAnnotationPresent(Nullable.class)
                || component.getAnnotatedType().isAnnotationPresent(Nullable.class);
    }

    private <T> T convert(ObjectNode body, Class<T> type) {
        try {
            return json.treeToValue(body, type);
        }
        catch (JacksonException e) {
            throw AdminException.InvalidField.of(e);
        }
    }

    private <T> T validated(T value) {
        var violations = validator.validate(value);
        if (!violations.isEmpty()) {
            Map<String, String> errors = new TreeMap<>();
            for (ConstraintViolation<T> violation : violations) {
                errors.merge(violation.getPropertyPath().toString(), violation.getMessage(), (a, b) -> a + "; " + b);
            }
            throw new AdminException.InvalidField(errors);
        }
        return value;
    }

}
