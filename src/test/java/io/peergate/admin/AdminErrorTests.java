package io.peergate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.peergate.bittorrent.BitTorrentGateway;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every admin error is a problem detail: 400 naming the field, 404 for unknown resources,
 * 409 for changes that cannot apply.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "peergate.bittorrent.listen-address=127.0.0.1", "peergate.bittorrent.port=0",
                "peergate.admin.password=pw" })
@AutoConfigureTestRestTemplate
class AdminErrorTests {

    private static final String HASH = "0123456789abcdef0123456789abcdef01234567";

    @Autowired
    TestRestTemplate rest;

    @Autowired
    BitTorrentGateway gateway;

    private final JsonMapper json = JsonMapper.builder().build();

    private ResponseEntity<String> call(HttpMethod method, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return rest.withBasicAuth("admin", "pw").exchange(path, method, new HttpEntity<>(body, headers), String.class);
    }

    private JsonNode problem(ResponseEntity<String> response, HttpStatus status) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode body = json.readTree(response.getBody());
        assertThat(body.get("status").asInt()).isEqualTo(status.value());
        assertThat(body.get("detail").asString()).isNotBlank();
        return body;
    }

    @Test
    void malformedInfoHashIs400NamingTheField() {
        JsonNode body = problem(
                call(HttpMethod.PUT, "/admin/bittorrent/torrents/xyz", Map.of("name", "a", "upstream", "127.0.0.1:1")),
                HttpStatus.BAD_REQUEST);
        assertThat(body.get("field").asString()).isEqualTo("infoHash");
        assertThat(body.get("errors").get(0).get("field").asString()).isEqualTo("infoHash");
    }

    @Test
    void badUpstreamIs400NamingTheField() {
        JsonNode body = problem(
                call(HttpMethod.PUT, "/admin/bittorrent/torrents/" + HASH, Map.of("name", "a", "upstream", "nowhere")),
                HttpStatus.BAD_REQUEST);
        assertThat(body.get("field").asString()).isEqualTo("upstream");
    }

    @Test
    void missingNameIs400NamingTheField() {
        JsonNode body = problem(
                call(HttpMethod.PUT, "/admin/bittorrent/torrents/" + HASH, Map.of("upstream", "127.0.0.1:1")),
                HttpStatus.BAD_REQUEST);
        assertThat(body.get("field").asString()).isEqualTo("name");
    }

    @Test
    void unknownFieldIs400NamingTheField() {
        assertThat(badSettingsField(Map.of("maxConections", 3))).isEqualTo("maxConections");
    }

    /**
     * PATCHes the gateway settings with {@code body}, expects a 400 problem and returns
     * the field it names.
     */
    private String badSettingsField(Object body) {
        return problem(call(HttpMethod.PATCH, "/admin/bittorrent/settings", body), HttpStatus.BAD_REQUEST).get("field")
            .asString();
    }

    @Test
    void wrongTypeAndRangeAre400NamingTheField() {
        assertThat(badSettingsField(Map.of("maxPending", "many"))).isEqualTo("maxPending");
        assertThat(badSettingsField(Map.of("maxConnections", -2))).isEqualTo("maxConnections");
        assertThat(badSettingsField(Map.of("identifyTimeout", "soon"))).isEqualTo("identifyTimeout");
        assertThat(badSettingsField(Map.of("port", 70000))).isEqualTo("port");
    }

    @Test
    void bodiesAreReadStrictly() {
        Map<String, Object> nullTimeout = new HashMap<>();
        nullTimeout.put("identifyTimeout", null);
        assertThat(badSettingsField(nullTimeout)).as("null where nothing can be unset").isEqualTo("identifyTimeout");
        assertThat(badSettingsField(Map.of("maxConnections", "500"))).as("a number in quotes")
            .isEqualTo("maxConnections");
        assertThat(badSettingsField(Map.of("maxPending", 2.5))).as("a fraction").isEqualTo("maxPending");
        assertThat(badSettingsField(Map.of("identifyTimeout", 5))).as("a bare number").isEqualTo("identifyTimeout");
        assertThat(badSettingsField("[1, 2]")).as("not an object").isEqualTo("body");
    }

    @Test
    void valuesBeyondTheirBoundsAre400NotATimeBomb() {
        assertThat(badSettingsField(Map.of("identifyTimeout", "200000d"))).isEqualTo("identifyTimeout");
        assertThat(badSettingsField(Map.of("upstreamConnectTimeout", "11m"))).isEqualTo("upstreamConnectTimeout");
        assertThat(badSettingsField(Map.of("relayIdleTimeout", "0s"))).isEqualTo("relayIdleTimeout");
        assertThat(badSettingsField(Map.of("writeStallTimeout", "P1000000000D"))).isEqualTo("writeStallTimeout");
    }

    @Test
    void torrentNamesAreShortAndPrintable() {
        String path = "/admin/bittorrent/torrents/" + HASH;
        for (String name : List.of("n".repeat(65), "line\nbreak", "tab\there", "-leading-dash", "x".repeat(1 << 20))) {
            JsonNode body = problem(call(HttpMethod.PUT, path, Map.of("name", name, "upstream", "127.0.0.1:1")),
                    HttpStatus.BAD_REQUEST);
            assertThat(body.get("field").asString()).isEqualTo("name");
            assertThat(body.get("detail").asString()).hasSizeLessThan(300);
        }
        ResponseEntity<String> accepted = call(HttpMethod.PUT, path,
                Map.of("name", "Debian 12.5 netinst+firmware_amd64", "upstream", "127.0.0.1:1"));
        assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        call(HttpMethod.DELETE, path, null);
    }

    @Test
    void aLongUpstreamIsRefusedAndNotRepeatedBack() {
        JsonNode body = problem(call(HttpMethod.PUT, "/admin/bittorrent/torrents/" + HASH,
                Map.of("name", "t", "upstream", "h".repeat(100_000) + ":1")), HttpStatus.BAD_REQUEST);
        assertThat(body.get("field").asString()).isEqualTo("upstream");
        assertThat(body.get("detail").asString()).hasSizeLessThan(300);
    }

    @Test
    void everyBadFieldIsListedAndNothingChanges() {
        var before = gateway.settings();
        JsonNode body = problem(
                call(HttpMethod.PATCH, "/admin/bittorrent/settings",
                        Map.of("maxConnections", -5, "upstreamConnectTimeout", "0s", "maxPending", 3)),
                HttpStatus.BAD_REQUEST);
        assertThat(body.get("errors")).hasSize(2);
        assertThat(body.get("errors").findValuesAsString("field")).containsExactly("maxConnections",
                "upstreamConnectTimeout");
        assertThat(gateway.settings()).isEqualTo(before);
    }

    @Test
    void invalidJsonIs400() {
        problem(call(HttpMethod.PATCH, "/admin/bittorrent/settings", "{not json"), HttpStatus.BAD_REQUEST);
    }

    @Test
    void unknownTorrentIs404() {
        problem(call(HttpMethod.DELETE, "/admin/bittorrent/torrents/" + "f".repeat(40), null), HttpStatus.NOT_FOUND);
        problem(call(HttpMethod.GET, "/admin/bittorrent/torrents/" + "e".repeat(40), null), HttpStatus.NOT_FOUND);
    }

    @Test
    void portThatCannotBeBoundIs409AndNothingChanges() throws Exception {
        int before = gateway.boundAddress().orElseThrow().getPort();
        int maxConnectionsBefore = gateway.settings().maxConnections();
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            JsonNode body = problem(call(HttpMethod.PATCH, "/admin/bittorrent/settings",
                    Map.of("port", taken.getLocalPort(), "maxConnections", 7)), HttpStatus.CONFLICT);
            assertThat(body.get("detail").asString()).contains(String.valueOf(taken.getLocalPort()));
        }
        assertThat(gateway.boundAddress().orElseThrow().getPort()).isEqualTo(before);
        assertThat(gateway.settings().maxConnections()).isEqualTo(maxConnectionsBefore);
    }

}
