package io.peergate.state;

import static io.peergate.testing.NodeAdmin.call;
import static io.peergate.testing.NodeAdmin.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peergate.PeergateApplication;
import io.peergate.backbone.Backbone;
import io.peergate.testing.NodeAdmin;
import io.peergate.testing.RawHttp;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A node changed through the admin API, closed and started again on the same state
 * directory comes back with every change; a file it cannot read stops it; a store it
 * cannot write refuses changes with a 503 and changes nothing.
 */
class RuntimeStateRestartTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String HASH = "0123456789abcdef0123456789abcdef01234567";

    private static final InetAddress FLAPPER = address("127.0.0.3");

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        }
        catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @TempDir
    Path dir;

    private ConfigurableApplicationContext start(Path stateDir) {
        return start(stateDir, "file");
    }

    private ConfigurableApplicationContext start(Path stateDir, String store) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                NodeAdmin.PASSWORD_ARGUMENT, "--peergate.state.store=" + store, "--peergate.state.dir=" + stateDir,
                "--peergate.bittorrent.listen-address=127.0.0.1", "--peergate.bittorrent.port=0",
                "--peergate.backbone.interfaces[0].name=hub", "--peergate.backbone.interfaces[0].mode=server",
                "--peergate.backbone.interfaces[0].listen-address=127.0.0.1",
                "--peergate.backbone.interfaces[0].port=0", "--peergate.backbone.interfaces[1].name=uplink",
                "--peergate.backbone.interfaces[1].mode=client", "--peergate.backbone.interfaces[1].host=127.0.0.1",
                "--peergate.backbone.interfaces[1].port=1", "--peergate.backbone.interfaces[1].reconnect-wait=1h"));
        return new SpringApplicationBuilder(PeergateApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void everyChangeMadeThroughTheApiIsBackAfterARestart() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            try (ConfigurableApplicationContext node = start(dir)) {
                ok(node, "PUT", "/admin/bittorrent/torrents/" + HASH,
                        "{\"name\":\"kept\",\"upstream\":\"127.0.0.1:" + upstream.getLocalPort() + "\"}");
                ok(node, "PATCH", "/admin/bittorrent/settings", "{\"maxConnections\":77}");
                ok(node, "PATCH", "/admin/bittorrent/settings", "{\"maxPending\":33}");
                ok(node, "PATCH", "/admin/backbone/interfaces/hub/settings",
                        "{\"maxConnections\":9,\"abuse\":{\"flapping\":{\"maxConnections\":1}}}");
                ok(node, "PATCH", "/admin/backbone/interfaces/uplink/settings", "{\"maxReconnectTries\":4}");
                ok(node, "PUT", "/admin/backbone/interfaces/hub/peers/127.0.0.1/blacklist",
                        "{\"duration\":\"6h\",\"reason\":\"abusive\"}");
                // 127.0.0.3 flaps: two short connections, and the flapping rule (now at
                // one)
                // penalises it
                int hubPort = hubPort(node);
                for (int i = 0; i < 2; i++) {
                    new Socket(InetAddress.getLoopbackAddress(), hubPort, FLAPPER, 0).close();
                }
                await().until(() -> ok(node, "GET", "/admin/state", null).get("changes")
                    .findValuesAsString("key")
                    .contains("backbone/interfaces/hub/penalties/127.0.0.3"));
                assertThat(node.getBeanNamesForType(RedisConnectionFactory.class))
                    .as("no Redis client outside cluster mode")
                    .isEmpty();
                JsonNode state = ok(node, "GET", "/admin/state", null);
                assertThat(state.get("store").asString()).isEqualTo("file");
                assertThat(state.get("location").asString()).isEqualTo(dir.resolve("state.json").toString());
                assertThat(state.get("changes").findValuesAsString("key")).containsExactly(
                        "bittorrent/torrents/" + HASH, "bittorrent/settings", "backbone/interfaces/hub/settings",
                        "backbone/interfaces/uplink/settings", "backbone/interfaces/hub/blacklist/127.0.0.1",
                        "backbone/interfaces/hub/penalties/127.0.0.3");
                assertThat(state.get("changes").findValuesAsString("changedBy")).containsExactly("admin", "admin",
                        "admin", "admin", "admin", "abuse rules");
                JsonNode info = ok(node, "GET", "/actuator/info", null).get("state");
                assertThat(info.get("store").asString()).isEqualTo("file");
                assertThat(info.get("location").asString()).isEqualTo(dir.resolve("state.json").toString());
                assertThat(info.get("changes").asInt()).isEqualTo(6);
                assertThat(info.get("lastWrite").asString()).isEqualTo(state.get("lastWrite").asString());
            }
            assertThat(Files.readString(dir.resolve("state.json"))).contains("\"format\" : 1");

            try (ConfigurableApplicationContext node = start(dir)) {
                assertThat(ok(node, "GET", "/admin/state", null).get("lastWrite").asString())
                    .as("the file's, before this process wrote anything")
                    .isEqualTo(Files.getLastModifiedTime(dir.resolve("state.json")).toInstant().toString());
                JsonNode gateway = ok(node, "GET", "/admin/bittorrent/settings", null).get("settings");
                assertThat(gateway.get("maxConnections").asInt()).isEqualTo(77);
                assertThat(gateway.get("maxPending").asInt()).isEqualTo(33);
                JsonNode hub = ok(node, "GET", "/admin/backbone/interfaces/hub/settings", null).get("settings");
                assertThat(hub.get("maxConnections").asInt()).isEqualTo(9);
                assertThat(hub.at("/abuse/flapping/maxConnections").asInt()).isEqualTo(1);
                assertThat(hub.at("/abuse/flapping/enabled").asBoolean()).as("what the patch left out").isTrue();
                JsonNode uplink = ok(node, "GET", "/admin/backbone/interfaces/uplink/settings", null);
                assertThat(uplink.at("/settings/maxReconnectTries").asInt()).isEqualTo(4);
                assertThat(uplink.at("/settings/reconnectWait").asString()).isEqualTo("1h");
                // a reset of the link drops its stored patch
                ok(node, "POST", "/admin/backbone/interfaces/uplink/settings/reset", null);

                // the torrent routes real peers again
                NodeAdmin.assertRoutes(node, HASH, upstream);

                // the blacklisted IP and the penalised one are refused: a restart is no
                // amnesty
                for (InetAddress from : List.of(InetAddress.getLoopbackAddress(), FLAPPER)) {
                    try (Socket refused = new Socket(InetAddress.getLoopbackAddress(), hubPort(node), from, 0)) {
                        refused.setSoTimeout(5000);
                        InputStream in = refused.getInputStream();
                        assertThat(in.read()).as("%s closed at once", from).isEqualTo(-1);
                    }
                }
                JsonNode peers = ok(node, "GET", "/admin/backbone/interfaces/hub/peers", null);
                assertThat(peers.findValuesAsString("peerIp")).containsExactly("127.0.0.1", "127.0.0.3");
                assertThat(peers.get(0).get("blacklistReason").asString()).isEqualTo("abusive");
                assertThat(peers.get(0).get("blacklistedRemainingSeconds").asDouble()).isGreaterThan(5 * 3600);
                assertThat(peers.get(1).get("blacklistReason").asString()).isEqualTo("abuse: flapping (level 1)");
                assertThat(peers.get(1).get("penaltyLevel").asInt()).isEqualTo(1);
                assertThat(peers.get(1).get("blacklistedRemainingSeconds").asDouble()).isGreaterThan(200);

                // a reset drops its stored change; DELETE drops the rest and goes back to
                // application.yml
                ok(node, "POST", "/admin/bittorrent/settings/reset", null);
                assertThat(ok(node, "GET", "/admin/state", null).get("changes").findValuesAsString("key"))
                    .doesNotContain("bittorrent/settings", "backbone/interfaces/uplink/settings");
                JsonNode dropped = ok(node, "DELETE", "/admin/state", null);
                assertThat(dropped.get("changes")).hasSize(4);
                assertThat(call(node, "GET", "/admin/bittorrent/torrents/" + HASH, null).status()).isEqualTo(404);
                assertThat(
                        ok(node, "GET", "/admin/backbone/interfaces/hub/settings", null).at("/settings/maxConnections")
                            .asInt())
                    .isEqualTo(-1);
                assertThat(ok(node, "GET", "/admin/backbone/interfaces/hub/peers", null)).isEmpty();
                assertThat(ok(node, "GET", "/admin/state", null).get("changes")).isEmpty();
            }
            try (ConfigurableApplicationContext node = start(dir)) {
                assertThat(ok(node, "GET", "/admin/state", null).get("changes")).isEmpty();
                assertThat(call(node, "GET", "/admin/bittorrent/torrents/" + HASH, null).status()).isEqualTo(404);
            }
        }
    }

    @Test
    void aCorruptFileStopsTheNodeAndIsLeftAsItWas() throws Exception {
        Path file = dir.resolve("state.json");
        Files.writeString(file, "{\"format\": 1, \"changes\": [ {\"key\": ");
        Throwable failure = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class, () -> start(dir));
        StateFileException cause = findCause(failure, StateFileException.class);
        assertThat(cause.file()).isEqualTo(file);
        assertThat(cause.getMessage()).contains(file.toString()).contains("not valid JSON");
        assertThat(Files.readString(file)).as("never overwritten")
            .isEqualTo("{\"format\": 1, \"changes\": [ {\"key\": ");
    }

    @Test
    void aStoreThatCannotBeWrittenRefusesChangesWith503AndChangesNothing() throws Exception {
        Path stateDir = dir.resolve("state");
        try (ConfigurableApplicationContext node = start(stateDir)) {
            ok(node, "PATCH", "/admin/bittorrent/settings", "{\"maxConnections\":5}");
            // the volume goes away: the directory becomes a file, so no write can succeed
            // (tests run as root, whom permissions do not stop)
            Files.move(stateDir, dir.resolve("moved"));
            Files.writeString(stateDir, "not a directory");

            RawHttp.Answer refused = call(node, "PATCH", "/admin/bittorrent/settings", "{\"maxConnections\":6}");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(JSON.readTree(refused.body()).get("detail").asString()).contains("state.json")
                .contains("nothing was changed");
            assertThat(call(node, "PUT", "/admin/bittorrent/torrents/" + HASH,
                    "{\"name\":\"t\",\"upstream\":\"127.0.0.1:1\"}")
                .status()).isEqualTo(503);
            assertThat(call(node, "POST", "/admin/bittorrent/settings/reset", null).status()).isEqualTo(503);

            assertThat(ok(node, "GET", "/admin/bittorrent/settings", null).at("/settings/maxConnections").asInt())
                .isEqualTo(5);
            assertThat(call(node, "GET", "/admin/bittorrent/torrents/" + HASH, null).status()).isEqualTo(404);
            assertThat(ok(node, "GET", "/admin/state", null).get("changes").findValuesAsString("key"))
                .containsExactly("bittorrent/settings");
        }
    }

    @Test
    void theMemoryStoreForgetsAtRestart() throws Exception {
        try (ConfigurableApplicationContext node = start(dir, "memory")) {
            ok(node, "PATCH", "/admin/bittorrent/settings", "{\"maxConnections\":5}");
            assertThat(ok(node, "GET", "/admin/state", null).get("store").asString()).isEqualTo("memory");
        }
        try (ConfigurableApplicationContext node = start(dir, "memory")) {
            assertThat(ok(node, "GET", "/admin/bittorrent/settings", null).at("/settings/maxConnections").asInt())
                .isEqualTo(-1);
        }
        assertThat(dir.resolve("state.json")).doesNotExist();
    }

    private static int hubPort(ConfigurableApplicationContext node) {
        return node.getBean(Backbone.class).server("hub").orElseThrow().boundAddress().orElseThrow().getPort();
    }

    private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + failure, failure);
    }

}
