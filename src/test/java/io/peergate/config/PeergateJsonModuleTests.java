package io.peergate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Durations and sizes read and write in JSON as application.yml writes them. */
class PeergateJsonModuleTests {

    private final JsonMapper json = JsonMapper.builder().addModule(new PeergateJsonModule()).build();

    record Settings(Duration timeout, DataSize size) {
    }

    @Test
    void writesTheLargestExactUnit() {
        assertThat(json.writeValueAsString(new Settings(Duration.ofMillis(250), DataSize.ofKilobytes(512))))
            .isEqualTo("{\"timeout\":\"250ms\",\"size\":\"512KB\"}");
        assertThat(json.writeValueAsString(new Settings(Duration.ofSeconds(90), DataSize.ofBytes(100))))
            .isEqualTo("{\"timeout\":\"90s\",\"size\":\"100B\"}");
        assertThat(json.writeValueAsString(new Settings(Duration.ofHours(48), DataSize.ofMegabytes(1))))
            .isEqualTo("{\"timeout\":\"2d\",\"size\":\"1MB\"}");
        assertThat(json.writeValueAsString(new Settings(Duration.ZERO, DataSize.ofBytes(0))))
            .isEqualTo("{\"timeout\":\"0s\",\"size\":\"0B\"}");
    }

    @Test
    void readsWhatItWritesAndIsoDurations() {
        Settings settings = new Settings(Duration.ofMinutes(5), DataSize.ofMegabytes(16));
        assertThat(json.readValue(json.writeValueAsString(settings), Settings.class)).isEqualTo(settings);
        assertThat(json.readValue("{\"timeout\":\"PT1.5S\",\"size\":\"2KB\"}", Settings.class))
            .isEqualTo(new Settings(Duration.ofMillis(1500), DataSize.ofKilobytes(2)));
    }

    @Test
    void refusesNumbersAndNonsense() {
        assertThatThrownBy(() -> json.readValue("{\"timeout\":5}", Settings.class))
            .isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> json.readValue("{\"timeout\":\"soon\"}", Settings.class))
            .isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> json.readValue("{\"size\":\"big\"}", Settings.class))
            .isInstanceOf(JacksonException.class);
    }

}
