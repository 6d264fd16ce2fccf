package io.peergate.backbone.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.peergate.backbone.Backbone;
import io.peergate.backbone.BackboneSpec;
import io.peergate.backbone.ServerInterfaceSpec;
import io.peergate.backbone.actuate.BackboneEndpoint;
import io.peergate.backbone.actuate.ClientLinkHealthIndicator;
import io.peergate.backbone.actuate.ServerInterfaceHealthIndicator;
import io.peergate.config.DrainProperties;
import io.peergate.support.DrainingLifecycle;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring wiring of the Reticulum backbone: events become application events, one health
 * contributor per interface.
 */
@Configuration(proxyBeanMethods = false)
public class BackboneConfiguration {

    @Bean
    Backbone backbone(BackboneProperties properties, ObjectProvider<ServerInterfaceSpec> clusterMesh,
            MeterRegistry meterRegistry, ApplicationEventPublisher publisher) {
        BackboneSpec spec = properties.spec();
        ServerInterfaceSpec mesh = clusterMesh.getIfAvailable();
        if (mesh != null) {
            if (spec.servers().stream().anyMatch(server -> server.name().equals(mesh.name()))
                    || spec.links().stream().anyMatch(link -> link.name().equals(mesh.name()))) {
                throw new IllegalStateException("peergate.cluster.mesh.interface-name '" + mesh.name()
                        + "' is the name of an interface in peergate.backbone.interfaces; give the mesh another");
            }
            spec = spec.withServer(mesh);
        }
        return new Backbone(spec, meterRegistry, publisher::publishEvent, Clock.systemUTC());
    }

    @Bean
    SmartLifecycle backboneLifecycle(Backbone backbone, DrainProperties drain) {
        return new DrainingLifecycle(backbone, drain.drainTimeout());
    }

    /**
     * {@code backbone} in the health tree, with a child per interface:
     * {@code backbone/<name>}.
     */
    @Bean
    HealthContributor backboneHealthContributor(Backbone backbone) {
        return composite(backbone.servers(), ServerInterfaceHealthIndicator::new, "interfaces");
    }

    /**
     * {@code backboneLinks}, a child per client link. Apart from {@code backbone} so that
     * the readiness group (which has the listeners) does not take the node out of service
     * because a remote hub is away.
     */
    @Bean
    HealthContributor backboneLinksHealthContributor(Backbone backbone) {
        return composite(backbone.links(), ClientLinkHealthIndicator::new, "links");
    }

    /**
     * A child per entry; with none, an UP indicator that says so (an empty composite has
     * no status of its own).
     */
    private static <T> HealthContributor composite(Map<String, T> members, Function<T, HealthIndicator> indicator,
            String what) {
        if (members.isEmpty()) {
            return (HealthIndicator) () -> Health.up().withDetail(what, 0).build();
        }
        Map<String, HealthContributor> children = new LinkedHashMap<>();
        members.forEach((name, member) -> children.put(name, indicator.apply(member)));
        return CompositeHealthContributor.fromMap(children);
    }

    @Bean
    BackboneEndpoint backboneEndpoint(Backbone backbone) {
        return new BackboneEndpoint(backbone);
    }

}
