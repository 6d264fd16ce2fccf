package io.peergate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Peergate: a BitTorrent gateway and a Reticulum backbone hub in one Spring Boot node.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PeergateApplication {

    public static void main(String[] args) {
        SpringApplication.run(PeergateApplication.class, args);
    }

}
