package io.peergate.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.peergate.architecture.fixture.backbone.CoreThatKnowsItsView;
import io.peergate.architecture.fixture.backbone.actuate.SomeView;
import io.peergate.architecture.fixture.bittorrent.config.SomeProperties;
import io.peergate.architecture.fixture.reticulum.WireCodeOnSpring;
import org.junit.jupiter.api.Test;

/** The node's code keeps its layers, and the rules that say so do catch a violation. */
class ArchitectureTests {

    private static final JavaClasses NODE = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.peergate");

    @Test
    void wireCodeIsFreeOfSpring() {
        ArchitectureRules.wireCodeIsFreeOfSpring("io.peergate").check(NODE);
    }

    @Test
    void coreIsFreeOfTheEdges() {
        ArchitectureRules.coreIsFreeOfTheEdges("io.peergate").check(NODE);
    }

    @Test
    void coreUsesNoSpringApi() {
        ArchitectureRules.coreUsesNoSpringApi("io.peergate").check(NODE);
    }

    @Test
    void theRulesCatchDeliberateViolations() {
        String root = "io.peergate.architecture.fixture";
        JavaClasses fixture = new ClassFileImporter().importClasses(WireCodeOnSpring.class, CoreThatKnowsItsView.class,
                SomeView.class, SomeProperties.class);
        assertThatThrownBy(() -> ArchitectureRules.wireCodeIsFreeOfSpring(root).check(fixture))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("WireCodeOnSpring");
        assertThatThrownBy(() -> ArchitectureRules.coreIsFreeOfTheEdges(root).check(fixture))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("SomeView")
            .hasMessageContaining("SomeProperties");
        assertThatThrownBy(() -> ArchitectureRules.coreUsesNoSpringApi(root).check(fixture))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("ApplicationEventPublisher");
    }

}
