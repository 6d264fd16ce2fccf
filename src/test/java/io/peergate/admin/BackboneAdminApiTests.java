package io.peergate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.Unpooled;
import io.peergate.backbone.Backbone;
import io.peergate.backbone.BackboneEvent;
import io.peergate.backbone.BackbonePeer;
import io.peergate.backbone.DisconnectReason;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "peergate.bittorrent.listen-address=127.0.0.1", "peergate.bittorrent.port=0",
                "peergate.backbone.interfaces[0].name=hub", "peergate.backbone.interfaces[0].mode=server",
                "peergate.backbone.interfaces[0].listen-address=127.0.0.1", "peergate.backbone.interfaces[0].port=0",
                "peergate.backbone.interfaces[0].abuse.flapping.enabled=false", "peergate.admin.password=pw" })
@AutoConfigureTestRestTemplate
@DirtiesContext
class BackboneAdminApiTests {

    @TestConfiguration
    static class Events {

        final List<BackboneEvent> received = new CopyOnWriteArrayList<>();

        final List<String> threads = new CopyOnWriteArrayList<>();

        @EventListener
        void on(BackboneEvent event) {
            threads.add(Thread.currentThread().getName());
            received.add(event);
        }

    }

    @Autowired
    TestRestTemplate rest;

    @Autowired
    Backbone backbone;

    @Autowired
    Events events;

    private final JsonMapper json = JsonMapper.builder().build();

    @AfterEach
    void resetHub() {
        call(HttpMethod.POST, "/admin/backbone/interfaces/hub/settings/reset", null, HttpStatus.OK);
        backbone.server("hub").orElseThrow().clear(InetAddress.getLoopbackAddress());
    }

    private JsonNode call(HttpMethod method, String path, Object body, HttpStatus expected) {
        return AdminCalls.call(rest, method, path, body, expected);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(),
                backbone.server("hub").orElseThrow().boundAddress().orElseThrow().getPort());
        socket.setSoTimeout(5000);
        return socket;
    }

    private static boolean closedByNode(Socket socket) {
        try (InputStream in = socket.getInputStream()) {
            while (in.read() >= 0) {
                // drain
            }
            return true;
        }
        catch (SocketTimeoutException e) {
            return false;
        }
        catch (IOException e) {
            return true;
        }
    }

    @Test
    void listsAndShowsInterfaces() {
        JsonNode list = call(HttpMethod.GET, "/admin/backbone/interfaces", null, HttpStatus.OK);
        assertThat(list.findValuesAsString("name")).containsExactly("hub");
        JsonNode hub = call(HttpMethod.GET, "/admin/backbone/interfaces/hub", null, HttpStatus.OK);
        assertThat(hub.get("listening").asBoolean()).isTrue();
        assertThat(hub.get("settings").get("idleTimeout").asString()).isEqualTo("0s");
        assertThat(hub.get("settings").get("abuse").get("flapping").get("enabled").asBoolean()).isFalse();
        JsonNode missing = call(HttpMethod.GET, "/admin/backbone/interfaces/nope", null, HttpStatus.NOT_FOUND);
        assertThat(missing.get("detail").asString()).contains("nope");
    }

    @Test
    void anIdleTimeoutPatchedAtRuntimeCutsASilentPeerAndResetRestoresIt() throws Exception {
        try (Socket peer = connect()) {
            await().until(() -> backbone.server("hub").orElseThrow().live() == 1);
            JsonNode answer = call(HttpMethod.PATCH, "/admin/backbone/interfaces/hub/settings",
                    Map.of("idleTimeout", "150ms"), HttpStatus.OK);
            assertThat(answer.get("settings").get("idleTimeout").asString()).isEqualTo("150ms");
            assertThat(answer.get("startupSettings").get("idleTimeout").asString()).isEqualTo("0s");
            assertThat(closedByNode(peer)).isTrue();
            await().until(() -> events.received.stream().anyMatch(BackboneEvent.PeerIdleTimeout.class::isInstance));
        }
        JsonNode reset = call(HttpMethod.POST, "/admin/backbone/interfaces/hub/settings/reset", null, HttpStatus.OK);
        assertThat(reset.get("settings").get("idleTimeout").asString()).isEqualTo("0s");
    }

    @Test
    void exemptNetworksChangeAtRuntimeAndBadOnesNameTheirPlace() {
        JsonNode answer = call(HttpMethod.PATCH, "/admin/backbone/interfaces/hub/settings",
                Map.of("abuse", Map.of("exempt", List.of("10.0.0.0/8", "2001:db8::/32"))), HttpStatus.OK);
        assertThat(answer.at("/settings/abuse/exempt/1").asString()).isEqualTo("2001:db8::/32");
        assertThat(backbone.servers().get("hub").settings().current().abuse().exempt()).containsExactly("10.0.0.0/8",
                "2001:db8::/32");
        JsonNode refused = call(HttpMethod.PATCH, "/admin/backbone/interfaces/hub/settings",
                Map.of("abuse", Map.of("exempt", List.of("10.0.0.0/8", "example.org"))), HttpStatus.BAD_REQUEST);
        assertThat(refused.get("field").asString()).startsWith("abuse.exempt[1]");
        JsonNode control = call(HttpMethod.PATCH, "/admin/backbone/interfaces/hub/settings",
                Map.of("announceControl", Map.of("enabled", true, "burstFreq", 5, "heldReleaseInterval", "10s")),
                HttpStatus.OK);
        assertThat(control.at("/settings/announceControl/burstFreq").asDouble()).isEqualTo(5.0);
        assertThat(control.at("/settings/announceControl/burstFreqNew").asDouble()).isEqualTo(3.5);
        assertThat(backbone.servers().get("hub").settings().current().announceControl().enabled()).isTrue();
        assertThat(badField(HttpMethod.PATCH, "/admin/backbone/interfaces/hub/settings",
                Map.of("announceControl", Map.of("maxHeld", 0))))
            .isEqualTo("announceControl.maxHeld");
        call(HttpMethod.POST, "/admin/backbone/interfaces/hub/settings/reset", null, HttpStatus.OK);
    }

    @Test
    void patchesTheAbuseRulesFieldByField() {
        JsonNode answer = call(HttpMethod.PATCH, "/admin/backbone/interfaces/hub/settings",
                Map.of("maxConnections", 10, "abuse",
                        Map.of("flapping", Map.of("enabled", true, "maxConnections", 2, "shorterThan", "5s"),
                                "writeStalls", Map.of("maxEvents", 9), "basePenalty", "10m")),
                HttpStatus.OK);
        JsonNode settings = answer.get("settings");
        assertThat(settings.get("maxConnections").asInt()).isEqualTo(10);
        assertThat(settings.get("abuse").get("flapping").get("enabled").asBoolean()).isTrue();
        assertThat(settings.get("abuse").get("flapping").get("maxConnections").asInt()).isEqualTo(2);
        assertThat(settings.get("abuse").get("flapping").get("shorterThan").asString()).isEqualTo("5s");
        assertThat(settings.get("abuse").get("flapping").get("window").asString()).isEqualTo("5m");
        assertThat(settings.get("abuse").get("writeStalls").get("maxEvents").asInt()).isEqualTo(9);
        assertThat(settings.get("abuse").get("idleTimeouts").get("maxEvents").asInt()).isEqualTo(3);
        assertThat(settings.get("abuse").get("basePenalty").asString()).isEqualTo("10m");
        assertThat(backbone.server("hub").orElseThrow().settings().current().abuse().flapping().maxConnections())
            .isEqualTo(2);
    }

    @Test
    void patchesTheSendQueueAndIngressLimitsAndLivePeersUseThem() throws Exception {
        try (Socket peer = connect()) {
            await().until(() -> backbone.server("hub").orElseThrow().live() == 1);
            JsonNode answer = call(
                    HttpMethod.PATCH, "/admin/backbone/interfaces/hub/settings", Map.of("maxQueued", "64KB",
                            "onQueueFull", "cut", "ingress", Map.of("framesPerSecond", 100, "bytesPerSecond", "1MB")),
                    HttpStatus.OK);
            JsonNode settings = answer.get("settings");
            assertThat(settings.get("maxQueued").asString()).isEqualTo("64KB");
            assertThat(settings.get("onQueueFull").asString()).isEqualTo("cut");
            assertThat(settings.get("ingress").get("framesPerSecond").asInt()).isEqualTo(100);
            assertThat(settings.get("ingress").get("framesBurst").asInt()).isZero();
            assertThat(settings.get("ingress").get("bytesPerSecond").asString()).isEqualTo("1MB");
            assertThat(answer.get("startupSettings").get("maxQueued").asString()).isEqualTo("512KB");
            assertThat(answer.get("startupSettings").get("onQueueFull").asString()).isEqualTo("drop");
            JsonNode connection = call(HttpMethod.GET, "/admin/backbone/interfaces/hub", null, HttpStatus.OK)
                .get("connections")
                .get(0);
            assertThat(connection.get("queueFullDrops").asLong()).isZero();
            assertThat(connection.get("ingressLimitDrops").asLong()).isZero();

            // the peer never reads: with cut in force and 64KB allowed, it goes soon
            BackbonePeer live = backbone.server("hub").orElseThrow().peers().get(0);
            int seed = 0;
            while (live.isOpen()) {
                byte[] payload = new byte[16 * 1024];
                payload[2] = (byte) seed;
                payload[3] = (byte) (seed++ >>> 8);
                live.send(Unpooled.wrappedBuffer(payload));
            }
            await().until(() -> events.received.stream()
                .anyMatch(e -> e instanceof BackboneEvent.PeerDisconnected d
                        && d.reason() == DisconnectReason.QUEUE_FULL));
        }
        assertThat(badField(HttpMethod.PATCH, "/admin/backbone/interfaces/hub/settings",
                Map.of("onQueueFull", "sometimes")))
            .isEqualTo("onQueueFull");
        assertThat(badField(HttpMethod.PATCH, "/admin/backbone/interfaces/hub/settings", Map.of("maxQueued", "2GB")))
            .isEqualTo("maxQueued");
        assertThat(badField(HttpMethod.PATCH, "/admin/backbone/interfaces/hub/settings",
                Map.of("ingress", Map.of("framesPerSecond", -1))))
            .isEqualTo("ingress.framesPerSecond");
    }

    @Test
    void rejectsBadSettingsNamingTheFieldAndChangesNothing() {
        assertThat(badField(HttpMethod.PATCH, "/admin/backbone/interfaces/hub/settings", Map.of("idleTimeout", "soon")))
            .isEqualTo("idleTimeout");
        assertThat(badField(HttpMethod.PATCH, "/admin/backbone/interfaces/hub/settings", Map.of("maxConnections", -2)))
            .isEqualTo("maxConnections");
        assertThat(badField(HttpMethod.PATCH, "/admin/backbone/interfaces/hub/settings",
                Map.of("maxConnections", 5, "abuse", Map.of("flapping", Map.of("bogus", 1)))))
            .isEqualTo("abuse.flapping.bogus");
        assertThat(badField(HttpMethod.PATCH, "/admin/backbone/interfaces/hub/settings",
                Map.of("abuse", Map.of("basePenalty", "10ms"))))
            .isEqualTo("abuse.basePenalty");
        assertThat(backbone.server("hub").orElseThrow().settings().current().maxConnections()).isEqualTo(-1);
        call(HttpMethod.PATCH, "/admin/backbone/interfaces/nope/settings", Map.of("maxConnections", 1),
                HttpStatus.NOT_FOUND);
    }

    @Test
    void blacklistsAndClearsAPeerIp() throws Exception {
        JsonNode entry = call(HttpMethod.PUT, "/admin/backbone/interfaces/hub/peers/127.0.0.1/blacklist",
                Map.of("duration", "1m", "reason", "spam"), HttpStatus.OK);
        assertThat(entry.get("peerIp").asString()).isEqualTo("127.0.0.1");
        assertThat(entry.get("interfaceName").asString()).isEqualTo("hub");
        assertThat(entry.get("blacklistReason").asString()).isEqualTo("spam");
        assertThat(entry.get("blacklistedRemainingSeconds").asDouble()).isBetween(50.0, 60.0);

        try (Socket refused = connect()) {
            assertThat(closedByNode(refused)).isTrue();
        }
        await().until(() -> call(HttpMethod.GET, "/admin/backbone/interfaces/hub/peers", null, HttpStatus.OK).get(0)
            .get("rejectCount")
            .asLong() == 1);

        call(HttpMethod.DELETE, "/admin/backbone/interfaces/hub/peers/127.0.0.1", null, HttpStatus.NO_CONTENT);
        try (Socket admitted = connect()) {
            await().until(() -> backbone.server("hub").orElseThrow().live() == 1);
        }
        await().until(() -> backbone.server("hub").orElseThrow().live() == 0);
        backbone.server("hub").orElseThrow().clear(InetAddress.getLoopbackAddress());
        call(HttpMethod.DELETE, "/admin/backbone/interfaces/hub/peers/10.9.9.9", null, HttpStatus.NOT_FOUND);
    }

    /** Calls {@code path}, expects a 400 problem and returns the field it names. */
    private String badField(HttpMethod method, String path, Object body) {
        return call(method, path, body, HttpStatus.BAD_REQUEST).get("field").asString();
    }

    private String badBlacklist(String ip, Object body) {
        return badField(HttpMethod.PUT, "/admin/backbone/interfaces/hub/peers/" + ip + "/blacklist", body);
    }

    @Test
    void settingsBeyondTheirBoundsAreRefusedAndTheInterfaceStaysReadable() {
        String settings = "/admin/backbone/interfaces/hub/settings";
        assertThat(badField(HttpMethod.PATCH, settings, Map.of("idleTimeout", "200000d"))).isEqualTo("idleTimeout");
        assertThat(badField(HttpMethod.PATCH, settings, Map.of("abuse", Map.of("basePenalty", "1000000000000d"))))
            .isEqualTo("abuse.basePenalty");
        assertThat(badField(HttpMethod.PATCH, settings, Map.of("abuse", Map.of("flapping", Map.of("window", "8d")))))
            .isEqualTo("abuse.flapping.window");
        assertThat(call(HttpMethod.GET, "/admin/backbone/interfaces/hub", null, HttpStatus.OK).get("settings")
            .get("abuse")
            .get("basePenalty")
            .asString()).isEqualTo("5m");
        call(HttpMethod.GET, "/actuator/backbone", null, HttpStatus.OK);
        call(HttpMethod.POST, settings + "/reset", null, HttpStatus.OK);
    }

    @Test
    void rejectsBadBlacklistRequests() {
        assertThat(badBlacklist("example.com", Map.of("duration", "1m"))).isEqualTo("ip");
        assertThat(badBlacklist("300.1.1.1", Map.of("duration", "1m"))).isEqualTo("ip");
        assertThat(badBlacklist("10.0.0.1", Map.of("reason", "x"))).isEqualTo("duration");
        assertThat(badBlacklist("10.0.0.1", Map.of("duration", "100000d"))).isEqualTo("duration");
        assertThat(badBlacklist("10.0.0.1", Map.of("duration", "366d"))).isEqualTo("duration");
        assertThat(badBlacklist("10.0.0.1", Map.of("duration", "1h", "reason", "r".repeat(201)))).isEqualTo("reason");
        assertThat(badBlacklist("10.0.0.1", Map.of("duration", "1h", "reason", "spam\r\nFAKE LOG LINE")))
            .isEqualTo("reason");
        assertThat(badBlacklist("10.0.0.1", Map.of("duration", "1h", "reason", "   "))).isEqualTo("reason");
        assertThat(call(HttpMethod.GET, "/admin/backbone/interfaces/hub/peers", null, HttpStatus.OK)).isEmpty();
    }

    @Test
    void theActuatorShowsInterfacesPeersAndRecentEvents() throws Exception {
        try (Socket peer = connect()) {
            await().until(() -> backbone.server("hub").orElseThrow().live() == 1);
            JsonNode report = call(HttpMethod.GET, "/actuator/backbone", null, HttpStatus.OK);
            assertThat(report.get("running").asBoolean()).isTrue();
            JsonNode hub = report.get("interfaces").get(0);
            assertThat(hub.get("name").asString()).isEqualTo("hub");
            assertThat(hub.get("live").asInt()).isEqualTo(1);
            assertThat(hub.get("connections").get(0).get("peer").asString()).startsWith("hub/");
            assertThat(hub.get("peers").get(0).get("connectedCount").asInt()).isEqualTo(1);
            assertThat(report.get("recentEvents").get(0).get("type").asString()).isEqualTo("peer-connected");
            assertThat(report.get("relay").get("dedupWindow").asInt()).isEqualTo(65536);
            // the names and the duration and size formats of application.yml
            assertThat(hub.get("hwMtu").asString()).isEqualTo("1MB");
            assertThat(hub.get("settings").get("idleTimeout").asString()).isEqualTo("0s");
            assertThat(hub.get("settings").get("writeStallTimeout").asString()).isEqualTo("30s");
            assertThat(hub.get("startupSettings").get("abuse").get("flapping").get("shorterThan").asString())
                .isEqualTo("20s");
            assertThat(hub.get("startupSettings").get("abuse").get("flapping").get("maxConnections").asInt())
                .isEqualTo(5);
            assertThat(hub.get("startupSettings").get("abuse").get("maxPenaltyDuration").asString()).isEqualTo("1d");

            JsonNode health = call(HttpMethod.GET, "/actuator/health", null, HttpStatus.OK);
            JsonNode hubHealth = health.get("components").get("backbone").get("components").get("hub");
            assertThat(hubHealth.get("status").asString()).isEqualTo("UP");
            assertThat(hubHealth.get("details").get("live").asInt()).isEqualTo(1);
        }
    }

    @Test
    void backboneMetersAreScraped() {
        ResponseEntity<String> response = rest.getForEntity("/actuator/prometheus", String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).contains("peergate_backbone_peers{application=\"peergate\",interface=\"hub\"}")
            .contains("peergate_backbone_frames_total{application=\"peergate\",direction=\"in\",interface=\"hub\"}")
            .contains(
                    "peergate_backbone_dropped_total{application=\"peergate\",interface=\"hub\",reason=\"duplicate\"}");
    }

    @Test
    void eventsArePublishedAsApplicationEventsOffTheEventLoops() throws Exception {
        int before = events.received.size();
        try (Socket peer = connect()) {
            await().until(() -> events.received.stream()
                .skip(before)
                .anyMatch(BackboneEvent.PeerConnected.class::isInstance));
        }
        await().until(
                () -> events.received.stream().skip(before).anyMatch(BackboneEvent.PeerDisconnected.class::isInstance));
        assertThat(events.threads).isNotEmpty().allMatch("peergate-backbone-events"::equals);
    }

}
