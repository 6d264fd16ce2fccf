package io.peergate.backbone;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Spring wiring of the Reticulum backbone: events become application events, one health contributor per interface. */
@Configuration(proxyBeanMethods = false)
public class BackboneConfiguration {

    @Bean
    Backbone backbone(BackboneProperties properties, MeterRegistry meterRegistry, ApplicationEventPublisher publisher) {
        return new Backbone(properties, meterRegistry, publisher::publishEvent, Clock.systemUTC());
    }

    @Bean
    SmartLifecycle backboneLifecycle(Backbone backbone) {
        return new SmartLifecycle() {
            @Override
            public void start() {
                backbone.start();
            }

            @Override
            public void stop() {
                backbone.stop();
            }

            @Override
            public boolean isRunning() {
                return backbone.isRunning();
            }
        };
    }

    /** {@code backbone} in the health tree, with a child per interface: {@code backbone/<name>}. */
    @Bean
    HealthContributor backboneHealthContributor(Backbone backbone) {
        Map<String, HealthContributor> interfaces = new LinkedHashMap<>();
        backbone.servers().forEach((name, server) -> interfaces.put(name, new ServerInterfaceHealthIndicator(server)));
        if (interfaces.isEmpty()) {
            return (HealthIndicator) () -> Health.up().withDetail("interfaces", 0).build();
        }
        return CompositeHealthContributor.fromMap(interfaces);
    }

    @Bean
    BackboneEndpoint backboneEndpoint(Backbone backbone) {
        return new BackboneEndpoint(backbone);
    }
}
