package io.peergate.cluster;

import static io.peergate.testing.NodeAdmin.call;
import static io.peergate.testing.NodeAdmin.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.peergate.PeergateApplication;
import io.peergate.backbone.Backbone;
import io.peergate.backbone.BackboneHarness;
import io.peergate.backbone.ClientLink;
import io.peergate.backbone.ServerInterface;
import io.peergate.testing.NodeAdmin;
import io.peergate.testing.RawHttp;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Three nodes and a real Redis server: they share runtime changes and the blacklist,
 * their hubs form one backbone, they go on without Redis and come back in step with it,
 * and a node that leaves is dropped by the others. The tests run in order on one cluster;
 * the last one stops a node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String HASH = "0123456789abcdef0123456789abcdef01234567";

    private static final String UNANNOUNCED = "89abcdef0123456789abcdef0123456789abcdef";

    /** Changes reach every node within this (the bound). */
    private static final Duration PROPAGATION = Duration.ofSeconds(1);

    private RedisProcess redis;

    private final String cluster = "test-" + UUID.randomUUID().toString().substring(0, 8);

    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

    private ServerSocket upstream;

    @BeforeAll
    void startCluster(@TempDir Path redisDir) throws Exception {
        redis = new RedisProcess(redisDir);
        redis.start();
        upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        for (int i = 1; i <= 3; i++) {
            nodes.add(startNode(i));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (ConfigurableApplicationContext node : nodes) {
                assertThat(meshLinks(node)).hasSize(2)
                    .allMatch(link -> link.status().state() == ClientLink.State.CONNECTED);
            }
        });
    }

    private ConfigurableApplicationContext startNode(int n) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                NodeAdmin.PASSWORD_ARGUMENT, "--peergate.state.store=redis", "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + redis.port(), "--peergate.cluster.name=" + cluster,
                "--peergate.cluster.node-id=node-" + n, "--peergate.cluster.heartbeat-interval=200ms",
                "--peergate.cluster.member-timeout=1s", "--peergate.cluster.mesh.listen-address=127.0.0.1",
                "--peergate.cluster.mesh.port=0", "--peergate.cluster.mesh.advertise-host=127.0.0.1",
                "--peergate.cluster.mesh.reconnect-wait=100ms", "--peergate.bittorrent.listen-address=127.0.0.1",
                "--peergate.bittorrent.port=0", "--peergate.backbone.interfaces[0].name=hub",
                "--peergate.backbone.interfaces[0].mode=server",
                "--peergate.backbone.interfaces[0].listen-address=127.0.0.1",
                "--peergate.backbone.interfaces[0].port=0"));
        if (n == 3) {
            args.add("--peergate.cluster.share-penalties=false");
        }
        return new SpringApplicationBuilder(PeergateApplication.class).run(args.toArray(String[]::new));
    }

    @AfterAll
    void stopCluster() throws Exception {
        for (ConfigurableApplicationContext node : nodes) {
            node.close();
        }
        upstream.close();
        redis.close();
    }

    private ConfigurableApplicationContext node(int n) {
        return nodes.get(n - 1);
    }

    private static List<ClientLink> meshLinks(ConfigurableApplicationContext node) {
        return node.getBean(Backbone.class)
            .links()
            .values()
            .stream()
            .filter(link -> link.name().startsWith(MeshLinks.PREFIX))
            .toList();
    }

    private static List<String> storedKeys(ConfigurableApplicationContext node) throws Exception {
        return ok(node, "GET", "/admin/state", null).get("changes").findValuesAsString("key");
    }

    private static int hubPort(ConfigurableApplicationContext node) {
        return node.getBean(Backbone.class)
            .server("hub")
            .flatMap(ServerInterface::boundAddress)
            .orElseThrow()
            .getPort();
    }

    /** The cluster component's status (the whole answers 503 while it is DOWN). */
    private static String clusterHealth(ConfigurableApplicationContext node) throws Exception {
        return JSON.readTree(call(node, "GET", "/actuator/health", null).body())
            .at("/components/cluster/status")
            .asString();
    }

    @Test
    @Order(1)
    void aChangeOnOneNodeIsAppliedByEveryNodeWithinASecond() throws Exception {
        ok(node(1), "PUT", "/admin/bittorrent/torrents/" + HASH,
                "{\"name\":\"shared\",\"upstream\":\"127.0.0.1:" + upstream.getLocalPort() + "\"}");
        ok(node(2), "PATCH", "/admin/bittorrent/settings", "{\"maxConnections\":77}");
        await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            for (ConfigurableApplicationContext node : nodes) {
                assertThat(storedKeys(node)).containsExactlyInAnyOrder("bittorrent/torrents/" + HASH,
                        "bittorrent/settings");
                assertThat(ok(node, "GET", "/admin/bittorrent/settings", null).at("/settings/maxConnections").asInt())
                    .isEqualTo(77);
            }
        });
        JsonNode state = ok(node(3), "GET", "/admin/state", null);
        assertThat(state.get("store").asString()).isEqualTo("redis");
        assertThat(state.get("location").asString()).contains("127.0.0.1:" + redis.port(),
                "peergate:{" + cluster + "}:");
        assertThat(state.get("changes").findValues("revision")).extracting(JsonNode::asLong).containsExactly(1L, 2L);

        // the torrent added through node 1 routes a real peer on node 3
        NodeAdmin.assertRoutes(node(3), HASH, upstream);

        // a reset on node 3 is a removal everywhere
        ok(node(3), "POST", "/admin/bittorrent/settings/reset", null);
        await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            for (ConfigurableApplicationContext node : nodes) {
                assertThat(storedKeys(node)).containsExactly("bittorrent/torrents/" + HASH);
                assertThat(ok(node, "GET", "/admin/bittorrent/settings", null).at("/settings/maxConnections").asInt())
                    .isEqualTo(-1);
            }
        });
    }

    @Test
    @Order(2)
    void anIpBlacklistedOnOneNodeIsRefusedByAll() throws Exception {
        ok(node(2), "PUT", "/admin/backbone/interfaces/hub/peers/127.0.0.2/blacklist",
                "{\"duration\":\"1h\",\"reason\":\"abusive\"}");
        await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            for (ConfigurableApplicationContext node : nodes) {
                assertThat(storedKeys(node)).contains("backbone/interfaces/hub/blacklist/127.0.0.2");
            }
        });
        for (ConfigurableApplicationContext node : nodes) {
            assertRefused(node, "127.0.0.2");
        }
        // the entry expires in Redis when it ends
        try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.port());
                StatefulRedisConnection<String, String> connection = client.connect()) {
            long ttl = connection.sync()
                .pttl("peergate:{" + cluster + "}:change:backbone/interfaces/hub/blacklist/127.0.0.2");
            assertThat(ttl).isBetween(Duration.ofMinutes(59).toMillis(), Duration.ofHours(1).toMillis());
        }

        // an abuse rule's penalty on node 1 is shared; node 3 keeps its own to itself
        ok(node(1), "PATCH", "/admin/backbone/interfaces/hub/settings",
                "{\"abuse\":{\"flapping\":{\"maxConnections\":1}}}");
        await().atMost(PROPAGATION).until(() -> storedKeys(node(3)).contains("backbone/interfaces/hub/settings"));
        flap(node(1), "127.0.0.3");
        await().atMost(PROPAGATION.multipliedBy(2)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            for (ConfigurableApplicationContext node : nodes) {
                assertThat(storedKeys(node)).contains("backbone/interfaces/hub/penalties/127.0.0.3");
            }
        });
        for (ConfigurableApplicationContext node : nodes) {
            assertRefused(node, "127.0.0.3");
        }
        flap(node(3), "127.0.0.4");
        await()
            .until(() -> ok(node(3), "GET", "/admin/backbone/interfaces/hub/peers", null).findValuesAsString("peerIp")
                .contains("127.0.0.4"));
        assertRefused(node(3), "127.0.0.4");
        assertThat(storedKeys(node(1))).doesNotContain("backbone/interfaces/hub/penalties/127.0.0.4");
        assertAccepted(node(1), "127.0.0.4");

        // the operator lifts the blacklist on node 3: every node lets the IP in again
        ok(node(3), "DELETE", "/admin/backbone/interfaces/hub/peers/127.0.0.3", null);
        ok(node(3), "DELETE", "/admin/backbone/interfaces/hub/peers/127.0.0.4", null);
        ok(node(1), "POST", "/admin/backbone/interfaces/hub/settings/reset", null);
        await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            for (ConfigurableApplicationContext node : nodes) {
                assertThat(storedKeys(node)).doesNotContain("backbone/interfaces/hub/penalties/127.0.0.3",
                        "backbone/interfaces/hub/settings");
            }
        });
        for (ConfigurableApplicationContext node : nodes) {
            assertAccepted(node, "127.0.0.3");
        }
    }

    /** Two short connections: more than the flapping rule's one. */
    private static void flap(ConfigurableApplicationContext node, String from) throws Exception {
        for (int i = 0; i < 2; i++) {
            new Socket(InetAddress.getLoopbackAddress(), hubPort(node), InetAddress.getByName(from), 0).close();
        }
    }

    private static void assertRefused(ConfigurableApplicationContext node, String from) throws Exception {
        try (Socket refused = new Socket(InetAddress.getLoopbackAddress(), hubPort(node), InetAddress.getByName(from),
                0)) {
            refused.setSoTimeout(5000);
            assertThat(refused.getInputStream().read()).as("%s closed at once", from).isEqualTo(-1);
        }
    }

    private static void assertAccepted(ConfigurableApplicationContext node, String from) throws Exception {
        try (Socket accepted = new Socket(InetAddress.getLoopbackAddress(), hubPort(node), InetAddress.getByName(from),
                0)) {
            accepted.setSoTimeout(300);
            try {
                assertThat(accepted.getInputStream().read()).as("%s kept open", from).isNotEqualTo(-1);
            }
            catch (SocketTimeoutException e) {
                // open and silent: accepted
            }
        }
    }

    @Test
    @Order(3)
    void aFrameFromAPeerOnOneNodeReachesThePeersOfEveryNodeOnce() throws Exception {
        List<Socket> peers = new ArrayList<>();
        try {
            for (ConfigurableApplicationContext node : nodes) {
                Socket peer = new Socket(InetAddress.getLoopbackAddress(), hubPort(node));
                peer.setSoTimeout(5000);
                peers.add(peer);
            }
            await().until(() -> nodes.stream()
                .allMatch(node -> node.getBean(Backbone.class).server("hub").orElseThrow().live() == 1));
            List<InputStream> in = new ArrayList<>();
            for (Socket peer : peers) {
                in.add(BackboneHarness.reader(peer));
            }
            int seed = 1;
            for (int from = 0; from < 3; from++) {
                byte[] frame = BackboneHarness.payload(64, seed++);
                byte[] marker = BackboneHarness.payload(64, seed++);
                BackboneHarness.send(peers.get(from), frame);
                BackboneHarness.send(peers.get(from), marker);
                for (int to = 0; to < 3; to++) {
                    if (to == from) {
                        continue;
                    }
                    assertThat(BackboneHarness.readFrame(in.get(to))).as("peer %d from peer %d", to + 1, from + 1)
                        .isEqualTo(frame);
                    assertThat(BackboneHarness.readFrame(in.get(to)))
                        .as("peer %d from peer %d: the next frame is the marker, no copy", to + 1, from + 1)
                        .isEqualTo(marker);
                }
            }
            // and nothing came back to a sender or twice to anyone
            for (Socket peer : peers) {
                peer.setSoTimeout(300);
                assertThat(nothingMore(peer)).isTrue();
            }
        }
        finally {
            for (Socket peer : peers) {
                peer.close();
            }
        }
        JsonNode report = ok(node(1), "GET", "/actuator/cluster", null);
        assertThat(report.get("node").asString()).isEqualTo("node-1");
        assertThat(report.get("members").findValuesAsString("id")).containsExactly("node-1", "node-2", "node-3");
        assertThat(report.get("meshLinks").findValuesAsString("member")).containsExactlyInAnyOrder("node-2", "node-3");
        assertThat(report.get("meshLinks").findValuesAsString("state")).containsOnly("connected");
        assertThat(report.at("/redis/reachable").asBoolean()).isTrue();
    }

    /** Whether the peer is still connected and has nothing more to read. */
    private static boolean nothingMore(Socket peer) throws Exception {
        try {
            peer.getInputStream().read();
            return false;
        }
        catch (SocketTimeoutException e) {
            return true;
        }
    }

    @Test
    @Order(4)
    void withoutRedisTheNodesServeAndRefuseChangesThenResyncWhenItIsBack() throws Exception {
        redis.stop();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (ConfigurableApplicationContext node : nodes) {
                assertThat(clusterHealth(node)).isEqualTo("DOWN");
            }
        });
        for (ConfigurableApplicationContext node : nodes) {
            assertThat(call(node, "GET", "/actuator/health/readiness", null).status()).isEqualTo(200);
            assertThat(call(node, "GET", "/actuator/health/liveness", null).status()).isEqualTo(200);
        }
        RawHttp.Answer refused = call(node(2), "PUT", "/admin/bittorrent/torrents/" + UNANNOUNCED,
                "{\"name\":\"late\",\"upstream\":\"127.0.0.1:" + upstream.getLocalPort() + "\"}");
        assertThat(refused.status()).isEqualTo(503);
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.get("detail").asString()).contains("Redis at 127.0.0.1:" + redis.port(),
                "nothing was changed");
        assertThat(call(node(2), "GET", "/admin/bittorrent/torrents/" + UNANNOUNCED, null).status()).isEqualTo(404);
        // the last known state stays in force
        assertThat(storedKeys(node(2))).containsExactlyInAnyOrder("bittorrent/torrents/" + HASH,
                "backbone/interfaces/hub/blacklist/127.0.0.2");
        assertThat(call(node(2), "GET", "/admin/bittorrent/torrents/" + HASH, null).status()).isEqualTo(200);
        // and the backbone still relays across nodes
        try (Socket a = new Socket(InetAddress.getLoopbackAddress(), hubPort(node(1)));
                Socket b = new Socket(InetAddress.getLoopbackAddress(), hubPort(node(3)))) {
            b.setSoTimeout(5000);
            await().until(() -> node(1).getBean(Backbone.class).server("hub").orElseThrow().live() == 1
                    && node(3).getBean(Backbone.class).server("hub").orElseThrow().live() == 1);
            byte[] frame = BackboneHarness.payload(64, 101);
            BackboneHarness.send(a, frame);
            assertThat(BackboneHarness.readFrame(BackboneHarness.reader(b))).isEqualTo(frame);
        }

        // a node that starts while Redis is away serves on application.yml alone
        ConfigurableApplicationContext late = startNode(4);
        try {
            assertThat(clusterHealth(late)).isEqualTo("DOWN");
            assertThat(storedKeys(late)).isEmpty();
            assertThat(call(late, "GET", "/actuator/health/readiness", null).status()).isEqualTo(200);
            lateNodeCatchesUp(late);
        }
        finally {
            late.close();
        }
    }

    /** Redis comes back with its data, and with a change no node was told of. */
    private void lateNodeCatchesUp(ConfigurableApplicationContext late) throws Exception {
        List<ConfigurableApplicationContext> all = new ArrayList<>(nodes);
        all.add(late);
        redis.start();
        try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.port());
                StatefulRedisConnection<String, String> connection = client.connect()) {
            String prefix = "peergate:{" + cluster + "}:";
            // in one script, as any writer must: a node's snapshot sees all of it or none
            String write = "local revision = redis.call('INCR', KEYS[1]) "
                    + "redis.call('SET', KEYS[2], revision .. ' ' .. ARGV[1]) "
                    + "redis.call('SADD', KEYS[3], ARGV[2]) return revision";
            connection.sync()
                .eval(write, ScriptOutputType.INTEGER,
                        new String[] { prefix + "revision", prefix + "change:bittorrent/torrents/" + UNANNOUNCED,
                                prefix + "changes" },
                        "{\"value\":{\"name\":\"written behind the nodes backs\",\"upstream\":\"127.0.0.1:"
                                + upstream.getLocalPort() + "\"},\"changedAt\":\"2026-11-22T07:00:00Z\","
                                + "\"changedBy\":\"redis-cli\"}",
                        "bittorrent/torrents/" + UNANNOUNCED);
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            for (ConfigurableApplicationContext node : all) {
                assertThat(clusterHealth(node)).isEqualTo("UP");
                assertThat(storedKeys(node)).containsExactlyInAnyOrder("bittorrent/torrents/" + HASH,
                        "backbone/interfaces/hub/blacklist/127.0.0.2", "bittorrent/torrents/" + UNANNOUNCED);
                assertThat(call(node, "GET", "/admin/bittorrent/torrents/" + UNANNOUNCED, null).status())
                    .isEqualTo(200);
            }
        });
        // the late node joins the mesh too
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(meshLinks(late)).extracting(ClientLink::name)
                .containsExactlyInAnyOrder("mesh-node-1", "mesh-node-2", "mesh-node-3"));
        // and the cluster takes changes again
        ok(node(2), "DELETE", "/admin/bittorrent/torrents/" + UNANNOUNCED, null);
        await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            for (ConfigurableApplicationContext node : all) {
                assertThat(call(node, "GET", "/admin/bittorrent/torrents/" + UNANNOUNCED, null).status())
                    .isEqualTo(404);
            }
        });
    }

    @Test
    @Order(5)
    void aMemberWhoseHeartbeatStopsExpiresAndItsLinksGo() throws Exception {
        try (ServerSocket ghostMesh = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
                RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.port());
                StatefulRedisConnection<String, String> connection = client.connect()) {
            // a member that registered once and then stopped beating (a crashed node)
            String prefix = "peergate:{" + cluster + "}:";
            List<String> time = connection.sync().time();
            long now = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
            connection.sync()
                .hset(prefix + "members", "ghost", "{\"id\":\"ghost\",\"meshHost\":\"127.0.0.1\",\"meshPort\":"
                        + ghostMesh.getLocalPort() + ",\"startedAt\":\"2026-11-22T07:00:00Z\",\"instance\":\"x\"}");
            connection.sync().zadd(prefix + "members:expiry", now + 2000, "ghost");
            await().atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(nodes).allSatisfy(
                        node -> assertThat(meshLinks(node)).extracting(ClientLink::name).contains("mesh-ghost")));
            await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(nodes)
                    .allSatisfy(node -> assertThat(meshLinks(node)).extracting(ClientLink::name)
                        .doesNotContain("mesh-ghost")
                        .hasSize(2)));
            assertThat(connection.sync().hkeys(prefix + "members")).containsExactlyInAnyOrder("node-1", "node-2",
                    "node-3");
        }
    }

    @Test
    @Order(6)
    void aNodeThatLeavesIsDroppedByTheOthers() throws Exception {
        node(3).close();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            for (ConfigurableApplicationContext node : nodes.subList(0, 2)) {
                assertThat(meshLinks(node)).extracting(ClientLink::name)
                    .containsExactly(node == node(1) ? "mesh-node-2" : "mesh-node-1");
                assertThat(ok(node, "GET", "/actuator/cluster", null).get("members").findValuesAsString("id"))
                    .containsExactly("node-1", "node-2");
            }
        });
        assertThat(node(1).getBean(io.micrometer.core.instrument.MeterRegistry.class)
            .find("peergate.backbone.link.up")
            .tag("interface", "mesh-node-3")
            .gauge()).as("the link's meters went with it").isNull();
    }

}
