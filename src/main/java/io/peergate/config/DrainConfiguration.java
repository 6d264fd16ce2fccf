package io.peergate.config;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Refuses at startup a drain that Spring would not wait for: the listeners drain in one
 * shutdown phase, and Spring moves on after
 * {@code spring.lifecycle.timeout-per-shutdown-phase}.
 */
@Configuration(proxyBeanMethods = false)
class DrainConfiguration {

    /** Spring Boot's own default for the phase timeout. */
    private static final Duration SPRING_DEFAULT = Duration.ofSeconds(30);

    DrainConfiguration(DrainProperties drain, Environment environment) {
        drain.checkFits(Binder.get(environment)
            .bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
            .orElse(SPRING_DEFAULT));
    }

}
