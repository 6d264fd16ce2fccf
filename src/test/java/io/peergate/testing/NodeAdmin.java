package io.peergate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.peergate.bittorrent.BitTorrentGateway;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole node started by a test, driven as an operator drives it: admin calls with the
 * test password, and a real peer that the gateway must route.
 */
public final class NodeAdmin {

    /** The argument that gives a test node the password these calls use. */
    public static final String PASSWORD_ARGUMENT = "--peergate.admin.password={noop}pw";

    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes());

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private NodeAdmin() {
    }

    public static RawHttp.Answer call(ConfigurableApplicationContext node, String method, String path, String body)
            throws Exception {
        int port = ((WebServerApplicationContext) node).getWebServer().getPort();
        return RawHttp.exchange(port, method + " " + path + " HTTP/1.1", body, "Authorization: " + AUTH,
                "Content-Type: application/json");
    }

    /** A call that must succeed; @return its JSON body, null when empty */
    public static JsonNode ok(ConfigurableApplicationContext node, String method, String path, String body)
            throws Exception {
        RawHttp.Answer answer = call(node, method, path, body);
        assertThat(answer.status()).as("%s %s: %s", method, path, answer.body()).isBetween(200, 204);
        return answer.body().isEmpty() ? null : JSON.readTree(answer.body());
    }

    /**
     * A peer that asks the node's gateway for torrent {@code hash} reaches
     * {@code upstream}, which receives its preamble.
     */
    public static void assertRoutes(ConfigurableApplicationContext node, String hash, ServerSocket upstream)
            throws Exception {
        int gatewayPort = node.getBean(BitTorrentGateway.class).boundAddress().orElseThrow().getPort();
        byte[] preamble = new byte[48];
        System.arraycopy("\u0013BitTorrent protocol".getBytes(StandardCharsets.ISO_8859_1), 0, preamble, 0, 20);
        System.arraycopy(HexFormat.of().parseHex(hash), 0, preamble, 28, 20);
        try (Socket peer = new Socket(InetAddress.getLoopbackAddress(), gatewayPort)) {
            peer.getOutputStream().write(preamble);
            upstream.setSoTimeout(5000);
            try (Socket accepted = upstream.accept()) {
                byte[] got = new byte[48];
                new DataInputStream(accepted.getInputStream()).readFully(got);
                assertThat(got).isEqualTo(preamble);
            }
        }
    }

}
