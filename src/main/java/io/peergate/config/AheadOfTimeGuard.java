package io.peergate.config;

import java.util.ArrayList;
import java.util.List;
import org.springframework.aot.AotDetector;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Refuses an ahead-of-time start ({@code -Dspring.aot.enabled=true}) whose configuration
 * the build's AOT context does not fit. The build processes the context once, on the
 * embedded defaults, and fixes the beans that properties switch on or off: the BitTorrent
 * gateway ({@code peergate.bittorrent.enabled}) and cluster mode
 * ({@code peergate.state.store: redis}). Started the AOT way with either switched, the
 * node would silently run the wrong set of beans; this says so and stops instead.
 */
public class AheadOfTimeGuard implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (AotDetector.useGeneratedArtifacts()) {
            List<String> mismatches = mismatches(environment);
            if (!mismatches.isEmpty()) {
                throw new AheadOfTimeMismatchException(mismatches);
            }
        }
    }

    /** The settings of {@code environment} that the build's AOT context does not have. */
    static List<String> mismatches(Environment environment) {
        List<String> mismatches = new ArrayList<>();
        if (!environment.getProperty("peergate.bittorrent.enabled", Boolean.class, true)) {
            mismatches.add("peergate.bittorrent.enabled=false (the AOT context runs the gateway)");
        }
        if ("redis".equalsIgnoreCase(environment.getProperty("peergate.state.store", "file").trim())) {
            mismatches.add("peergate.state.store=redis (the AOT context has no cluster mode)");
        }
        return mismatches;
    }

    /** After the configuration files are read. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** An AOT start with settings the AOT context was not built for. */
    public static class AheadOfTimeMismatchException extends IllegalStateException {

        private final List<String> mismatches;

        AheadOfTimeMismatchException(List<String> mismatches) {
            super("Started with -Dspring.aot.enabled=true, but the ahead-of-time context was built for other settings: "
                    + String.join("; ", mismatches));
            this.mismatches = List.copyOf(mismatches);
        }

        public List<String> mismatches() {
            return mismatches;
        }

    }

}
