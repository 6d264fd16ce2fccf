package io.peergate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peergate.bittorrent.BitTorrentGateway;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "peergate.bittorrent.listen-address=127.0.0.1", "peergate.bittorrent.port=0",
                "peergate.bittorrent.max-connections=50",
                "peergate.bittorrent.torrents[0].info-hash=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "peergate.bittorrent.torrents[0].name=configured",
                "peergate.bittorrent.torrents[0].upstream=127.0.0.1:9", "peergate.admin.password=pw" })
@AutoConfigureTestRestTemplate
@DirtiesContext
class BitTorrentAdminApiTests {

    @Autowired
    TestRestTemplate rest;

    @Autowired
    BitTorrentGateway gateway;

    private final JsonMapper json = JsonMapper.builder().build();

    private JsonNode call(HttpMethod method, String path, Object body, HttpStatus expected) {
        return AdminCalls.call(rest, method, path, body, expected);
    }

    @Test
    void torrentLifecycleThroughTheApiRoutesRealPeers() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            String hash = "0123456789ABCDEF0123456789ABCDEF01234567";
            JsonNode created = call(HttpMethod.PUT, "/admin/bittorrent/torrents/" + hash,
                    Map.of("name", "ubuntu", "upstream", "127.0.0.1:" + upstream.getLocalPort()), HttpStatus.CREATED);
            assertThat(created.get("infoHash").asString()).isEqualTo(hash.toLowerCase());
            call(HttpMethod.PUT, "/admin/bittorrent/torrents/" + hash.toLowerCase(),
                    Map.of("name", "ubuntu-24", "upstream", "127.0.0.1:" + upstream.getLocalPort()), HttpStatus.OK);

            JsonNode list = call(HttpMethod.GET, "/admin/bittorrent/torrents", null, HttpStatus.OK);
            assertThat(list.findValuesAsString("name")).containsExactly("ubuntu-24", "configured");

            // A real peer reaches the upstream registered through the API.
            byte[] preamble = new byte[48];
            System.arraycopy("\u0013BitTorrent protocol".getBytes("ISO-8859-1"), 0, preamble, 0, 20);
            System.arraycopy(java.util.HexFormat.of().parseHex(hash.toLowerCase()), 0, preamble, 28, 20);
            try (Socket peer = new Socket(InetAddress.getLoopbackAddress(),
                    gateway.boundAddress().orElseThrow().getPort());
                    Socket accepted = acceptAfter(upstream, peer, preamble)) {
                byte[] got = new byte[48];
                new DataInputStream(accepted.getInputStream()).readFully(got);
                assertThat(got).isEqualTo(preamble);
                await().until(() -> call(HttpMethod.GET, "/admin/bittorrent/torrents/" + hash, null, HttpStatus.OK)
                    .get("routed")
                    .asLong() == 1);
            }

            call(HttpMethod.DELETE, "/admin/bittorrent/torrents/" + hash, null, HttpStatus.NO_CONTENT);
            call(HttpMethod.DELETE, "/admin/bittorrent/torrents/" + hash, null, HttpStatus.NOT_FOUND);
        }
    }

    private static Socket acceptAfter(ServerSocket upstream, Socket peer, byte[] preamble) throws Exception {
        peer.getOutputStream().write(preamble);
        upstream.setSoTimeout(5000);
        return upstream.accept();
    }

    @Test
    void encryptionIsATorrentFieldAndARuntimeSetting() {
        String hash = "00112233445566778899aabbccddeeff00112233";
        JsonNode plain = call(HttpMethod.PUT, "/admin/bittorrent/torrents/" + hash,
                Map.of("name", "plain", "upstream", "127.0.0.1:1"), HttpStatus.CREATED);
        assertThat(plain.get("encryption").asString()).isEqualTo("plaintext");
        JsonNode mse = call(HttpMethod.PUT, "/admin/bittorrent/torrents/" + hash,
                Map.of("name", "plain", "upstream", "127.0.0.1:1", "encryption", "mse"), HttpStatus.OK);
        assertThat(mse.get("encryption").asString()).isEqualTo("mse");
        assertThat(mse.get("routedMse").asLong()).isZero();
        JsonNode bad = call(HttpMethod.PUT, "/admin/bittorrent/torrents/" + hash,
                Map.of("name", "plain", "upstream", "127.0.0.1:1", "encryption", "rc4"), HttpStatus.BAD_REQUEST);
        assertThat(bad.get("field").asString()).isEqualTo("encryption");
        call(HttpMethod.DELETE, "/admin/bittorrent/torrents/" + hash, null, HttpStatus.NO_CONTENT);

        JsonNode before = call(HttpMethod.GET, "/admin/bittorrent/settings", null, HttpStatus.OK);
        assertThat(before.at("/settings/encryption/enabled").asBoolean()).isTrue();
        assertThat(before.at("/settings/encryption/select").asString()).isEqualTo("prefer-plaintext");
        JsonNode patched = call(HttpMethod.PATCH, "/admin/bittorrent/settings",
                Map.of("encryption", Map.of("select", "rc4-only")), HttpStatus.OK);
        assertThat(patched.at("/settings/encryption/select").asString()).isEqualTo("rc4-only");
        assertThat(patched.at("/settings/encryption/enabled").asBoolean()).isTrue();
        JsonNode refused = call(HttpMethod.PATCH, "/admin/bittorrent/settings",
                Map.of("encryption", Map.of("select", "always")), HttpStatus.BAD_REQUEST);
        assertThat(refused.get("field").asString()).isEqualTo("encryption.select");
        call(HttpMethod.POST, "/admin/bittorrent/settings/reset", null, HttpStatus.OK);
        assertThat(gateway.settings().encryption().select().tag()).isEqualTo("prefer-plaintext");
    }

    @Test
    void settingsPatchAndResetRestoreStartupValues() throws Exception {
        JsonNode before = call(HttpMethod.GET, "/admin/bittorrent/settings", null, HttpStatus.OK);
        assertThat(before.at("/settings/maxConnections").asInt()).isEqualTo(50);

        int newPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            newPort = probe.getLocalPort();
        }
        JsonNode patched = call(HttpMethod.PATCH, "/admin/bittorrent/settings", Map.of("maxConnections", 7,
                "maxPending", 3, "identifyTimeout", "2500ms", "upstreamConnectTimeout", "1s", "port", newPort),
                HttpStatus.OK);
        assertThat(patched.at("/settings/maxConnections").asInt()).isEqualTo(7);
        assertThat(patched.at("/settings/maxPending").asInt()).isEqualTo(3);
        assertThat(patched.at("/settings/identifyTimeout").asString()).isEqualTo("2500ms");
        assertThat(patched.at("/settings/upstreamConnectTimeout").asString()).isEqualTo("1s");
        assertThat(patched.at("/boundPort").asInt()).isEqualTo(newPort);
        assertThat(patched.at("/startupSettings/maxConnections").asInt()).isEqualTo(50);
        assertThat(gateway.settings().maxConnections()).isEqualTo(7);

        JsonNode reset = call(HttpMethod.POST, "/admin/bittorrent/settings/reset", null, HttpStatus.OK);
        assertThat(reset.get("settings")).isEqualTo(reset.get("startupSettings"));
        assertThat(reset.at("/settings/maxConnections").asInt()).isEqualTo(50);
        assertThat(reset.at("/boundPort").asInt()).isNotEqualTo(newPort);
        assertThat(gateway.settings()).isEqualTo(gateway.startupSettings());
    }

    @Test
    void actuatorEndpointShowsLiveState() {
        JsonNode report = json
            .readTree(rest.withBasicAuth("admin", "pw").getForObject("/actuator/bittorrent", String.class));
        assertThat(report.get("listening").asBoolean()).isTrue();
        assertThat(report.has("settings")).isTrue();
        assertThat(report.at("/startupSettings/maxConnections").asInt()).isEqualTo(50);
        assertThat(report.get("rejected").has("unknown-torrent")).isTrue();
        assertThat(report.get("torrents").findValuesAsString("name")).contains("configured");
        assertThat(report.has("live")).isTrue();
        assertThat(report.has("pending")).isTrue();
    }

}
