package io.peergate.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JacksonModule;

/**
 * The node's JSON: Spring Boot adds every {@link JacksonModule} bean to its
 * {@code JsonMapper}, which the admin API and (with
 * {@code management.endpoints.jackson.isolated-json-mapper: false}) the actuator share.
 */
@Configuration(proxyBeanMethods = false)
public class JsonConfiguration {

    @Bean
    PeergateJsonModule peergateJsonModule() {
        return new PeergateJsonModule();
    }

}
