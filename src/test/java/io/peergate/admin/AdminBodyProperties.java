package io.peergate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.peergate.PeergateApplication;
import io.peergate.testing.RawHttp;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every admin PATCH and PUT, fed generated bodies a careless or hostile client might
 * send: extreme, negative, huge, wrongly typed and unknown values, nested where settings
 * nest. Whatever comes, the node never answers 5xx, every 4xx is a problem detail, and a
 * refused call leaves the node's settings, registry and peer monitor as they were.
 */
class AdminBodyProperties {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes());

    private static final String HASH = "0123456789abcdef0123456789abcdef01234567";

    private static ConfigurableApplicationContext node;

    private static int port;

    @BeforeContainer
    static void startNode() {
        // Arguments, not default properties: those would lose to the application.yml on
        // the classpath.
        node = new SpringApplicationBuilder(PeergateApplication.class).run("--server.port=0",
                "--server.address=127.0.0.1",
                // stored as given: no BCrypt check per request, so hundreds of calls take
                // seconds, not minutes
                "--peergate.admin.password={noop}pw", "--peergate.bittorrent.listen-address=127.0.0.1",
                "--peergate.bittorrent.port=0", "--peergate.backbone.interfaces[0].name=hub",
                "--peergate.backbone.interfaces[0].mode=server",
                "--peergate.backbone.interfaces[0].listen-address=127.0.0.1",
                "--peergate.backbone.interfaces[0].port=0", "--peergate.backbone.interfaces[1].name=uplink",
                "--peergate.backbone.interfaces[1].mode=client", "--peergate.backbone.interfaces[1].host=127.0.0.1",
                "--peergate.backbone.interfaces[1].port=1", "--peergate.backbone.interfaces[1].reconnect-wait=1h",
                "--logging.level.io.peergate=WARN");
        port = ((WebServerApplicationContext) node).getWebServer().getPort();
    }

    @AfterContainer
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    private static RawHttp.Answer call(String method, String path, String body) throws Exception {
        return RawHttp.exchange(port, method + " " + path + " HTTP/1.1", body, "Authorization: " + AUTH,
                "Content-Type: application/json");
    }

    /**
     * Sends {@code body}; checks the answer; on a refusal, checks {@code state} did not
     * change; undoes a success.
     */
    private static void throwAt(String method, String path, Object body, String state, String undoMethod,
            String undoPath) throws Exception {
        String before = call("GET", state, null).body();
        RawHttp.Answer answer = call(method, path, JSON.writeValueAsString(body));
        assertThat(answer.status()).as("%s %s %s -> %s", method, path, body, answer.body()).isLessThan(500);
        if (answer.status() >= 400) {
            assertThat(answer.contentType()).as("a %d for %s", answer.status(), body)
                .startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(answer.body());
            assertThat(problem.get("status").asInt()).isEqualTo(answer.status());
            assertThat(problem.get("detail").asString()).isNotBlank().hasSizeLessThan(2000);
            assertThat(call("GET", state, null).body()).as("state after a refused %s", body).isEqualTo(before);
        }
        else {
            assertThat(answer.status()).isBetween(200, 204);
            assertThat(call("GET", state, null).status()).as("reading back after %s", body).isEqualTo(200);
            assertThat(call(undoMethod, undoPath, null).status()).as("undoing %s", body).isBetween(200, 204);
        }
    }

    @Property(tries = 400)
    void gatewaySettings(@ForAll("gatewayBodies") Map<String, Object> body) throws Exception {
        throwAt("PATCH", "/admin/bittorrent/settings", body, "/admin/bittorrent/settings", "POST",
                "/admin/bittorrent/settings/reset");
    }

    @Property(tries = 400)
    void torrents(@ForAll("torrentBodies") Map<String, Object> body, @ForAll("infoHashes") String hash)
            throws Exception {
        throwAt("PUT", "/admin/bittorrent/torrents/" + hash, body, "/admin/bittorrent/torrents", "DELETE",
                "/admin/bittorrent/torrents/" + hash);
    }

    @Property(tries = 400)
    void serverInterfaceSettings(@ForAll("serverBodies") Map<String, Object> body) throws Exception {
        throwAt("PATCH", "/admin/backbone/interfaces/hub/settings", body, "/admin/backbone/interfaces/hub/settings",
                "POST", "/admin/backbone/interfaces/hub/settings/reset");
    }

    @Property(tries = 400)
    void clientLinkSettings(@ForAll("linkBodies") Map<String, Object> body) throws Exception {
        throwAt("PATCH", "/admin/backbone/interfaces/uplink/settings", body,
                "/admin/backbone/interfaces/uplink/settings", "POST",
                "/admin/backbone/interfaces/uplink/settings/reset");
    }

    @Property(tries = 400)
    void blacklist(@ForAll("blacklistBodies") Map<String, Object> body) throws Exception {
        throwAt("PUT", "/admin/backbone/interfaces/hub/peers/203.0.113.9/blacklist", body,
                "/admin/backbone/interfaces/hub/peers", "DELETE", "/admin/backbone/interfaces/hub/peers/203.0.113.9");
    }

    // What a client might put in a field: sane values, extremes, nonsense of every JSON
    // type.

    private static Arbitrary<Object> numbers() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-5, 100_000).map(Object.class::cast),
                Arbitraries.of(Integer.MIN_VALUE, Integer.MAX_VALUE, -1, 0, 1, 65535, 65536).map(Object.class::cast),
                Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40).map(Object.class::cast),
                Arbitraries.of(2.5, -0.0, 1e300, -1e300).map(Object.class::cast));
    }

    private static Arbitrary<Object> durations() {
        return Arbitraries.of("0s", "1ms", "250ms", "5s", "3m", "2h", "7d", "8d", "366d", "200000d", "1000000000000d",
                "-5s", "PT-1S", "P1000000000D", "9223372036854775807ms", "PT0.0000001S", "soon", "", " 5s ", "5 s",
                "1e3s");
    }

    private static Arbitrary<Object> texts() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMinLength(0).ofMaxLength(80).map(Object.class::cast),
                Arbitraries.of("debian-iso", "a b", "\u0000\n\t", "x".repeat(70), "name\u202e", "🦀")
                    .map(Object.class::cast),
                Arbitraries.integers().between(65, 5000).map("y"::repeat).map(Object.class::cast));
    }

    private static Arbitrary<Object> anything() {
        return Arbitraries.oneOf(numbers(), durations(), texts(), Arbitraries.of(true, false).map(Object.class::cast),
                Arbitraries.just(List.of(1, "a")), Arbitraries.just(Map.of("nested", 1)),
                Arbitraries.just(new ArrayList<>()));
    }

    private static Arbitrary<Object> orNull(Arbitrary<Object> values) {
        return Arbitraries.oneOf(values, values, values, Arbitraries.just(null));
    }

    /**
     * Bodies of some of {@code fields} (each with its own values) and now and then a
     * field nobody knows.
     */
    private static Arbitrary<Map<String, Object>> bodies(Map<String, Arbitrary<Object>> fields) {
        List<String> names = new ArrayList<>(fields.keySet());
        names.add("bogus");
        names.add("MaxConnections");
        Arbitrary<List<String>> chosen = Arbitraries.of(names).list().ofMaxSize(4).uniqueElements();
        return chosen.flatMap(keys -> {
            List<Arbitrary<Object>> values = keys.stream()
                .map(key -> orNull(Arbitraries.oneOf(fields.getOrDefault(key, anything()), anything())))
                .toList();
            return net.jqwik.api.Combinators.combine(values).as(list -> {
                Map<String, Object> body = new HashMap<>();
                for (int i = 0; i < keys.size(); i++) {
                    body.put(keys.get(i), list.get(i));
                }
                return body;
            });
        });
    }

    private static Arbitrary<Object> notAPort() {
        return Arbitraries.of(-1, 65536, Integer.MAX_VALUE, Integer.MIN_VALUE).map(Object.class::cast);
    }

    @Provide
    Arbitrary<Map<String, Object>> gatewayBodies() {
        return bodies(Map.of("port", notAPort(), "maxConnections", numbers(), "maxPending", numbers(),
                "identifyTimeout", durations(), "upstreamConnectTimeout", durations(), "relayIdleTimeout", durations(),
                "writeStallTimeout", durations()));
    }

    @Provide
    Arbitrary<Map<String, Object>> torrentBodies() {
        return bodies(Map.of("name", texts(), "upstream",
                Arbitraries.oneOf(texts(),
                        Arbitraries
                            .of("127.0.0.1:6881", "[::1]:1", "host:0", "host:99999", ":1", "a".repeat(300) + ":1",
                                    "h\u0000st:1")
                            .map(Object.class::cast)),
                "infoHash", texts()));
    }

    @Provide
    Arbitrary<String> infoHashes() {
        return Arbitraries.of(HASH, HASH.toUpperCase(), "xyz", "0".repeat(39), "g".repeat(40));
    }

    @Provide
    Arbitrary<Map<String, Object>> serverBodies() {
        Arbitrary<Object> flapping = bodies(Map.of("enabled", Arbitraries.of(true, false).map(Object.class::cast),
                "shorterThan", durations(), "maxConnections", numbers(), "window", durations()))
            .map(Object.class::cast);
        Arbitrary<Object> rule = bodies(Map.of("enabled", Arbitraries.of(true, false).map(Object.class::cast),
                "maxEvents", numbers(), "window", durations()))
            .map(Object.class::cast);
        Arbitrary<Object> abuse = bodies(Map.of("flapping", flapping, "idleTimeouts", rule, "writeStalls", rule,
                "basePenalty", durations(), "maxPenaltyDuration", durations(), "penaltyDecayInterval", durations()))
            .map(Object.class::cast);
        return bodies(Map.of("maxConnections", numbers(), "idleTimeout", durations(), "writeStallTimeout", durations(),
                "abuse", abuse));
    }

    @Provide
    Arbitrary<Map<String, Object>> linkBodies() {
        return bodies(Map.of("connectTimeout", durations(), "reconnectWait", durations(), "maxReconnectTries",
                numbers(), "writeStallTimeout", durations()));
    }

    @Provide
    Arbitrary<Map<String, Object>> blacklistBodies() {
        return bodies(Map.of("duration", durations(), "reason", texts()));
    }

}
