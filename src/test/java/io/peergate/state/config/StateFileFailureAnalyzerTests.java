package io.peergate.state.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.peergate.state.StateFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

class StateFileFailureAnalyzerTests {

    @Test
    void namesTheFileAndTheWaysOut() {
        Path file = Path.of("/srv/peergate/data/state.json");
        StateFileException cause = new StateFileException(file, "it is not valid JSON (...)", null);
        FailureAnalysis analysis = new StateFileFailureAnalyzer()
            .analyze(new BeanCreationException("runtimeState", "failed", cause));
        assertThat(analysis.getDescription()).contains(file.toString()).contains("not valid JSON");
        assertThat(analysis.getAction()).contains("Repair " + file)
            .contains("restore it from a backup")
            .contains("move it away")
            .contains("peergate.state.store=memory");
    }

}
