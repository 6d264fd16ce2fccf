package io.peergate.config;

import io.peergate.backbone.QueueFullAction;
import io.peergate.backbone.RelayMode;
import io.peergate.bittorrent.UpstreamEncryption;
import io.peergate.bittorrent.wire.mse.MseResponder;
import io.peergate.support.DataSizes;
import io.peergate.support.Durations;
import io.peergate.support.Tagged;
import java.time.Duration;
import java.util.function.Function;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Durations, sizes and choices in JSON the way {@code application.yml} writes them, in
 * the admin API and the actuator alike: {@code "5s"}, {@code "250ms"}, {@code "512KB"},
 * {@code "drop"}. Reading takes the same forms (and ISO-8601 durations); anything but a
 * string is refused, so a bare number never silently means seconds.
 */
public final class PeergateJsonModule extends SimpleModule {

    public PeergateJsonModule() {
        super("peergate");
        addSerializer(Duration.class, new TextSerializer<>(Duration.class, Durations::format));
        addDeserializer(Duration.class, new TextDeserializer<>(Duration.class, DurationStyle::detectAndParse,
                "a duration such as \"5s\" or \"250ms\""));
        addSerializer(DataSize.class, new TextSerializer<>(DataSize.class, DataSizes::format));
        addDeserializer(DataSize.class,
                new TextDeserializer<>(DataSize.class, DataSize::parse, "a size such as \"512KB\" or \"1MB\""));
        addChoice(QueueFullAction.class, "\"drop\" or \"cut\"");
        addChoice(RelayMode.class, "\"flood\" or \"learn\"");
        addChoice(MseResponder.Selection.class, "\"prefer-plaintext\", \"prefer-rc4\" or \"rc4-only\"");
        addChoice(UpstreamEncryption.class, "\"plaintext\" or \"mse\"");
    }

    private <E extends Enum<E> & Tagged> void addChoice(Class<E> type, String expected) {
        addSerializer(type, new TextSerializer<>(type, Tagged::tag));
        addDeserializer(type, new TextDeserializer<>(type, text -> Tagged.parse(type, text), expected));
    }

    private static final class TextSerializer<T> extends StdSerializer<T> {

        private final Function<T, String> format;

        TextSerializer(Class<T> type, Function<T, String> format) {
            super(type);
            this.format = format;
        }

        @Override
        public void serialize(T value, JsonGenerator generator, SerializationContext context) {
            generator.writeString(format.apply(value));
        }

    }

    private static final class TextDeserializer<T> extends StdScalarDeserializer<T> {

        private final Function<String, T> parse;

        private final String expected;

        TextDeserializer(Class<T> type, Function<String, T> parse, String expected) {
            super(type);
            this.parse = parse;
            this.expected = expected;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (T) context.handleUnexpectedToken(handledType(), parser);
            }
            String text = parser.getString().trim();
            try {
                return parse.apply(text);
            }
            catch (IllegalArgumentException e) {
                return (T) context.handleWeirdStringValue(handledType(), text, "must be " + expected);
            }
        }

    }

}
