package io.peergate;

import static org.assertj.core.api.Assertions.assertThat;

import io.peergate.backbone.ClientSettings;
import io.peergate.backbone.ServerSettings;
import io.peergate.backbone.config.InterfaceProperties;
import io.peergate.bittorrent.GatewaySettings;
import io.peergate.bittorrent.config.BitTorrentProperties;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.metadata.ConstraintDescriptor;
import jakarta.validation.metadata.PropertyDescriptor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The runtime settings the admin API changes are the keys of application.yml: every
 * component of a settings record stands in its properties record under the same name,
 * with the same type and the same constraints. A bound changed in one place and not the
 * other fails here.
 */
class SettingsMatchConfigurationTests {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    static Stream<Arguments> pairs() {
        return Stream.of(Arguments.of(GatewaySettings.class, BitTorrentProperties.class),
                Arguments.of(ServerSettings.class, InterfaceProperties.class),
                Arguments.of(ClientSettings.class, InterfaceProperties.class));
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void sameNamesTypesAndConstraints(Class<? extends Record> settings, Class<? extends Record> properties) {
        Map<String, RecordComponent> keys = new TreeMap<>();
        Arrays.stream(properties.getRecordComponents()).forEach(component -> keys.put(component.getName(), component));
        for (RecordComponent component : settings.getRecordComponents()) {
            RecordComponent key = keys.get(component.getName());
            assertThat(key)
                .as("%s.%s is a key of %s", settings.getSimpleName(), component.getName(), properties.getSimpleName())
                .isNotNull();
            assertThat(key.getGenericType()).as("type of %s", component.getName())
                .isEqualTo(component.getGenericType());
            assertThat(constraints(properties, component.getName())).as("constraints of %s", component.getName())
                .isEqualTo(constraints(settings, component.getName()))
                .isNotEmpty();
        }
    }

    /**
     * Each constraint as its annotation type and attributes (message, groups and payload
     * aside), and the cascade.
     */
    private static Set<String> constraints(Class<?> type, String property) {
        PropertyDescriptor descriptor = VALIDATOR.getConstraintsForClass(type).getConstraintsForProperty(property);
        Set<String> result = new TreeSet<>();
        if (descriptor == null) {
            return result;
        }
        for (ConstraintDescriptor<?> constraint : descriptor.getConstraintDescriptors()) {
            Map<String, Object> attributes = new TreeMap<>(constraint.getAttributes());
            attributes.keySet().removeAll(Set.of("message", "groups", "payload"));
            result.add(constraint.getAnnotation().annotationType().getSimpleName() + attributes);
        }
        if (descriptor.isCascaded()) {
            result.add("@Valid");
        }
        return result;
    }

}
