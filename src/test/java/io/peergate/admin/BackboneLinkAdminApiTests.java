package io.peergate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peergate.backbone.Backbone;
import io.peergate.backbone.ClientLink;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API, actuator and health of a client link whose remote backbone the test
 * plays.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "peergate.bittorrent.enabled=false", "peergate.admin.password=pw" })
@AutoConfigureTestRestTemplate
@DirtiesContext
class BackboneLinkAdminApiTests {

    private static final ServerSocket remote = openRemote();

    private static ServerSocket openRemote() {
        try {
            ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            socket.setSoTimeout(10_000);
            return socket;
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One source for the whole list: Boot binds a list's elements from a single property
     * source.
     */
    @DynamicPropertySource
    static void interfaces(DynamicPropertyRegistry registry) {
        registry.add("peergate.backbone.interfaces[0].name", () -> "hub");
        registry.add("peergate.backbone.interfaces[0].mode", () -> "server");
        registry.add("peergate.backbone.interfaces[0].listen-address", () -> "127.0.0.1");
        registry.add("peergate.backbone.interfaces[0].port", () -> 0);
        registry.add("peergate.backbone.interfaces[1].name", () -> "uplink");
        registry.add("peergate.backbone.interfaces[1].mode", () -> "client");
        registry.add("peergate.backbone.interfaces[1].host", () -> "127.0.0.1");
        registry.add("peergate.backbone.interfaces[1].port", remote::getLocalPort);
        registry.add("peergate.backbone.interfaces[1].reconnect-wait", () -> "100ms");
        registry.add("peergate.backbone.interfaces[1].max-reconnect-tries", () -> 1);
    }

    @AfterAll
    static void closeRemote() throws Exception {
        remote.close();
    }

    @Autowired
    TestRestTemplate rest;

    @Autowired
    Backbone backbone;

    private final JsonMapper json = JsonMapper.builder().build();

    private JsonNode call(HttpMethod method, String path, Object body, HttpStatus expected) {
        return AdminCalls.call(rest, method, path, body, expected);
    }

    private ClientLink uplink() {
        return backbone.link("uplink").orElseThrow();
    }

    private JsonNode linkHealth() {
        return linkHealth(HttpStatus.OK);
    }

    private JsonNode linkHealth(HttpStatus expected) {
        return call(HttpMethod.GET, "/actuator/health", null, expected).get("components")
            .get("backboneLinks")
            .get("components")
            .get("uplink");
    }

    @Test
    void aLinkIsManagedThroughItsWholeLife() throws Exception {
        // Connected: shown by the admin API, the actuator and health.
        try (Socket first = remote.accept()) {
            await().until(() -> uplink().state() == ClientLink.State.CONNECTED);
            JsonNode view = call(HttpMethod.GET, "/admin/backbone/interfaces/uplink", null, HttpStatus.OK);
            assertThat(view.get("mode").asString()).isEqualTo("client");
            assertThat(view.get("state").asString()).isEqualTo("connected");
            assertThat(view.get("connectedSince").isNull()).isFalse();
            assertThat(
                    call(HttpMethod.GET, "/admin/backbone/interfaces", null, HttpStatus.OK).findValuesAsString("name"))
                .containsExactly("hub", "uplink");
            assertThat(linkHealth().get("status").asString()).isEqualTo("UP");
            JsonNode report = call(HttpMethod.GET, "/actuator/backbone", null, HttpStatus.OK);
            assertThat(report.get("links").get(0).get("state").asString()).isEqualTo("connected");
            assertThat(report.get("links").get(0).get("target").asString())
                .isEqualTo("127.0.0.1:" + remote.getLocalPort());

            // Settings change for the next attempt, with the startup values kept.
            JsonNode answer = call(HttpMethod.PATCH, "/admin/backbone/interfaces/uplink/settings",
                    Map.of("reconnectWait", "50ms", "connectTimeout", "1s"), HttpStatus.OK);
            assertThat(answer.get("settings").get("reconnectWait").asString()).isEqualTo("50ms");
            assertThat(answer.get("startupSettings").get("reconnectWait").asString()).isEqualTo("100ms");
            assertThat(answer.get("settings").get("maxReconnectTries").asInt()).isEqualTo(1);
            // a link's peer has announce ingress control too
            assertThat(call(HttpMethod.PATCH, "/admin/backbone/interfaces/uplink/settings",
                    Map.of("announceControl", Map.of("enabled", true)), HttpStatus.OK)
                .at("/settings/announceControl/enabled")
                .asBoolean()).isTrue();
            assertThat(call(HttpMethod.PATCH, "/admin/backbone/interfaces/uplink/settings", Map.of("idleTimeout", "1s"),
                    HttpStatus.BAD_REQUEST)
                .get("field")
                .asString()).isEqualTo("idleTimeout");
            assertThat(call(HttpMethod.PATCH, "/admin/backbone/interfaces/uplink/settings",
                    Map.of("maxReconnectTries", -1), HttpStatus.BAD_REQUEST)
                .get("field")
                .asString()).isEqualTo("maxReconnectTries");
            // null unsets what the API documents as unsettable, and nothing else
            java.util.Map<String, Object> forever = new java.util.HashMap<>();
            forever.put("maxReconnectTries", null);
            assertThat(call(HttpMethod.PATCH, "/admin/backbone/interfaces/uplink/settings", forever, HttpStatus.OK)
                .get("settings")
                .get("maxReconnectTries")
                .isNull()).isTrue();
            java.util.Map<String, Object> noWait = new java.util.HashMap<>();
            noWait.put("reconnectWait", null);
            assertThat(
                    call(HttpMethod.PATCH, "/admin/backbone/interfaces/uplink/settings", noWait, HttpStatus.BAD_REQUEST)
                        .get("field")
                        .asString())
                .isEqualTo("reconnectWait");
            call(HttpMethod.PATCH, "/admin/backbone/interfaces/uplink/settings", Map.of("maxReconnectTries", 1),
                    HttpStatus.OK);
        }

        // The remote goes away for good: one more try, then the link gives up and its
        // health is DOWN.
        // The remote keeps listening but drops every connection at once, until the link
        // has used its try.
        remote.setSoTimeout(1);
        await().until(() -> {
            try (Socket dropped = remote.accept()) {
                // closed at once, without data: a failed attempt
            }
            catch (java.net.SocketTimeoutException e) {
                // no attempt pending right now
            }
            return uplink().state() == ClientLink.State.GAVE_UP;
        });
        JsonNode down = linkHealth(HttpStatus.SERVICE_UNAVAILABLE);
        // Readiness has the listeners only: a remote hub that is away does not take this
        // node out of service.
        assertThat(rest.getForEntity("/actuator/health/readiness", String.class).getStatusCode())
            .isEqualTo(HttpStatus.OK);
        assertThat(down.get("status").asString()).isEqualTo("DOWN");
        assertThat(down.get("details").get("state").asString()).isEqualTo("gave_up");
        assertThat(
                call(HttpMethod.GET, "/admin/backbone/interfaces/uplink", null, HttpStatus.OK).get("state").asString())
            .isEqualTo("gave_up");

        // Reconnect now revives it.
        remote.setSoTimeout(10_000);
        JsonNode revived = call(HttpMethod.POST, "/admin/backbone/interfaces/uplink/reconnect", null, HttpStatus.OK);
        assertThat(revived.get("attempts").asInt()).isZero();
        try (Socket again = remote.accept()) {
            await().until(() -> uplink().state() == ClientLink.State.CONNECTED);
            assertThat(linkHealth().get("status").asString()).isEqualTo("UP");
        }
        call(HttpMethod.POST, "/admin/backbone/interfaces/uplink/settings/reset", null, HttpStatus.OK);
        assertThat(uplink().settings().current().reconnectWait().toMillis()).isEqualTo(100);
    }

    @Test
    void serverOnlyAndLinkOnlyCallsAnswerConflict() {
        assertThat(call(HttpMethod.POST, "/admin/backbone/interfaces/hub/reconnect", null, HttpStatus.CONFLICT)
            .get("detail")
            .asString()).contains("server");
        call(HttpMethod.GET, "/admin/backbone/interfaces/uplink/peers", null, HttpStatus.CONFLICT);
        call(HttpMethod.POST, "/admin/backbone/interfaces/nope/reconnect", null, HttpStatus.NOT_FOUND);
    }

}
