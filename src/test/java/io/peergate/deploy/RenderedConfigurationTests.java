package io.peergate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.peergate.PeergateApplication;
import io.peergate.backbone.config.BackboneProperties;
import io.peergate.backbone.config.InterfaceMode;
import io.peergate.bittorrent.config.BitTorrentProperties;
import io.peergate.config.AdminProperties;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

/**
 * The application.yml the chart builds is one the node takes: it binds, validates, and
 * starts a node whose probes answer.
 */
class RenderedConfigurationTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({ BitTorrentProperties.class, BackboneProperties.class, AdminProperties.class })
    static class PropertiesOnly {

    }

    @TempDir
    Path temp;

    private static List<PropertySource<?>> load(String yaml) throws Exception {
        return new YamlPropertySourceLoader().load("rendered", new ByteArrayResource(yaml.getBytes()));
    }

    /**
     * Binds the rendered file to the node's properties classes with validation, and with
     * no key left over.
     */
    private static void assertBinds(String yaml) throws Exception {
        List<PropertySource<?>> sources = load(yaml);
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(PropertiesOnly.class)
            .withInitializer(context -> sources
                .forEach(source -> context.getEnvironment().getPropertySources().addFirst(source)))
            .run(context -> assertThat(context).hasNotFailed());

        StandardEnvironment environment = new StandardEnvironment();
        sources.forEach(source -> environment.getPropertySources().addFirst(source));
        Binder binder = new Binder(ConfigurationPropertySources.get(environment));
        var strict = new NoUnboundElementsBindHandler(new IgnoreTopLevelConverterNotFoundBindHandler());
        binder.bind("peergate.bittorrent", Bindable.of(BitTorrentProperties.class), strict);
        binder.bind("peergate.backbone", Bindable.of(BackboneProperties.class), strict);
        binder.bind("peergate.admin", Bindable.of(AdminProperties.class), strict);
    }

    /**
     * The operator's top-level application.yml, which lists every key at its default, is
     * one the node takes too.
     */
    @Test
    void theTopLevelConfigurationBindsAndStatesTheDefaults() throws Exception {
        String yaml = Files.readString(Path.of("application.yml"));
        assertBinds(yaml);
        StandardEnvironment environment = new StandardEnvironment();
        load(yaml).forEach(source -> environment.getPropertySources().addFirst(source));
        Binder binder = new Binder(ConfigurationPropertySources.get(environment));
        BitTorrentProperties listed = binder.bind("peergate.bittorrent", BitTorrentProperties.class).get();
        BitTorrentProperties defaults = new Binder(ConfigurationPropertySources.get(new StandardEnvironment()))
            .bindOrCreate("peergate.bittorrent", BitTorrentProperties.class);
        assertThat(listed).as("every gateway key at its default").isEqualTo(defaults);
    }

    @Test
    void theDefaultConfigurationBinds() throws Exception {
        String yaml = RenderedChart.render().applicationYaml();
        assertBinds(yaml);
        BackboneProperties backbone = new Binder(ConfigurationPropertySources.from(load(yaml)))
            .bind("peergate.backbone", BackboneProperties.class)
            .get();
        assertThat(backbone.interfaces()).singleElement().satisfies(iface -> {
            assertThat(iface.name()).isEqualTo("public");
            assertThat(iface.mode()).isEqualTo(InterfaceMode.SERVER);
            assertThat(iface.port()).isEqualTo(4242);
        });
    }

    @Test
    void anOverriddenConfigurationBinds() throws Exception {
        Path values = temp.resolve("values.yaml");
        Files.writeString(values, """
                bittorrent:
                  port: 7000
                  maxConnections: 100
                  identifyTimeout: 3s
                  torrents:
                    - infoHash: 0123456789abcdef0123456789abcdef01234567
                      name: debian
                      upstream: seedbox.peers.svc:51413
                backbone:
                  dedupWindow: 4096
                  interfaces:
                    - name: public
                      mode: server
                      port: 5000
                      idleTimeout: 30s
                      abuse:
                        basePenalty: 10m
                        flapping:
                          maxConnections: 10
                    - name: uplink
                      mode: client
                      host: hub.example.org
                      maxReconnectTries: 5
                config:
                  peergate:
                    bittorrent:
                      half-close-timeout: 10s
                  logging:
                    level:
                      io.peergate: DEBUG
                """);
        String yaml = RenderedChart.render(Map.of(), values).applicationYaml();
        assertBinds(yaml);
        BitTorrentProperties bittorrent = new Binder(ConfigurationPropertySources.from(load(yaml)))
            .bind("peergate.bittorrent", BitTorrentProperties.class)
            .get();
        assertThat(bittorrent.port()).isEqualTo(7000);
        assertThat(bittorrent.halfCloseTimeout().toSeconds()).isEqualTo(10);
        assertThat(bittorrent.torrents()).hasSize(1);
    }

    @Test
    void keysTheNodeDoesNotKnowAreCaught() throws Exception {
        // by the chart's schema for the sections it describes ...
        org.assertj.core.api.Assertions
            .assertThatThrownBy(() -> RenderedChart.render(Map.of("bittorrent.maxConections", "5")))
            .hasMessageContaining("maxConections");
        // ... and by binding for what is passed through config
        String yaml = RenderedChart.render(Map.of("config.peergate.backbone.dedupWindo", "5")).applicationYaml();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertBinds(yaml))
            .hasStackTraceContaining("peergate.backbone.dedupwindo");
    }

    @Test
    void aNodeStartedOnTheRenderedConfigurationAnswersTheChartsProbes() throws Exception {
        int http = freePort();
        Path values = temp.resolve("values.yaml");
        Files.writeString(values, """
                http:
                  port: %d
                bittorrent:
                  port: %d
                backbone:
                  interfaces:
                    - name: public
                      mode: server
                      port: %d
                      listenAddress: 127.0.0.1
                config:
                  server:
                    address: 127.0.0.1
                  peergate:
                    bittorrent:
                      listen-address: 127.0.0.1
                """.formatted(http, freePort(), freePort()));
        RenderedChart chart = RenderedChart.render(Map.of(), values);
        Path config = temp.resolve("application.yml");
        Files.writeString(config, chart.applicationYaml());
        Container container = chart.container();
        int probePort = HelmChartTests.portMap(container).get("http");
        assertThat(probePort).isEqualTo(http);

        try (ConfigurableApplicationContext node = new SpringApplicationBuilder(PeergateApplication.class).run(
                "--spring.config.additional-location=file:" + config.toAbsolutePath(),
                "--peergate.admin.password=pw")) {
            HttpClient client = HttpClient.newHttpClient();
            for (String path : List.of(container.getStartupProbe().getHttpGet().getPath(),
                    container.getLivenessProbe().getHttpGet().getPath(),
                    container.getReadinessProbe().getHttpGet().getPath())) {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + probePort + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
                assertThat(response.body()).contains("\"status\":\"UP\"");
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

}
