package io.peergate.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The layering the code map describes, for the tree under {@code root}: wire code knows
 * nothing of Spring; the core (wire code, gateway, hub, abuse rules) knows nothing of the
 * edges that configure, show and change it.
 */
final class ArchitectureRules {

    private ArchitectureRules() {
    }

    static String[] wire(String root) {
        return new String[] { root + ".reticulum..", root + ".bittorrent.wire.." };
    }

    static String[] core(String root) {
        return new String[] { root + ".reticulum..", root + ".bittorrent.wire..", root + ".bittorrent",
                root + ".backbone", root + ".backbone.abuse" };
    }

    static String[] edges(String root) {
        return new String[] { root + "..actuate..", root + ".admin..", root + "..config.." };
    }

    static ArchRule wireCodeIsFreeOfSpring(String root) {
        return noClasses().that()
            .resideInAnyPackage(wire(root))
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework..")
            .as("wire code (" + root + ".reticulum, " + root + ".bittorrent.wire) does not depend on Spring");
    }

    static ArchRule coreIsFreeOfTheEdges(String root) {
        return noClasses().that()
            .resideInAnyPackage(core(root))
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(edges(root))
            .as("the core does not depend on actuate, admin or config packages");
    }

    /**
     * The core takes plain settings records. The Spring types it may name are
     * {@link DefaultValue}, binding metadata on the settings that are one record from
     * application.yml to the actuator, and {@link DataSize}, the value type sizes are
     * written in.
     */
    static ArchRule coreUsesNoSpringApi(String root) {
        return noClasses().that()
            .resideInAnyPackage(core(root))
            .should()
            .dependOnClassesThat(resideInAnyPackage("org.springframework..").and(not(equivalentTo(DefaultValue.class)))
                .and(not(equivalentTo(DataSize.class))))
            .as("the core uses no Spring API (binding defaults and sizes aside)");
    }

}
