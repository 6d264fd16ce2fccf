package io.peergate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP side as a careless or hostile client meets it, over a raw socket so nothing is
 * tidied on the way: every error is a problem detail, whichever layer refuses; browsers
 * cannot be made to change settings from another site; anonymous callers learn nothing
 * about the runtime.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "peergate.bittorrent.listen-address=127.0.0.1", "peergate.bittorrent.port=0",
                "peergate.admin.password=pw" })
@ExtendWith(OutputCaptureExtension.class)
class HttpEdgeTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes());

    @LocalServerPort
    int port;

    @Autowired
    io.peergate.bittorrent.BitTorrentGateway gateway;

    record Answer(int status, Map<String, String> headers, String body) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        void isProblem(int expected) {
            assertThat(status).as(body).isEqualTo(expected);
            assertThat(headers.get("content-type")).as("content type of a %d", status)
                .startsWith("application/problem+json");
            JsonNode problem = json();
            assertThat(problem.get("status").asInt()).isEqualTo(expected);
            assertThat(problem.get("title").asString()).isNotBlank();
            assertThat(problem.get("detail").asString()).isNotBlank();
        }

    }

    /** Sends {@code requestLine} with {@code headers} and no body, returns the answer. */
    private Answer send(String requestLine, String... headers) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: localhost:")
                .append(port)
                .append("\r\nConnection: close\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            if (!requestLine.startsWith("GET")) {
                request.append("Content-Length: 0\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return parse(bytes.toString(StandardCharsets.UTF_8));
        }
    }

    private static Answer parse(String raw) {
        int split = raw.indexOf("\r\n\r\n");
        String[] head = raw.substring(0, split).split("\r\n");
        Map<String, String> headers = new java.util.HashMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            headers.put(head[i].substring(0, colon).trim().toLowerCase(), head[i].substring(colon + 1).trim());
        }
        String body = raw.substring(split + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Answer(Integer.parseInt(head[0].split(" ")[1]), headers, body);
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "GET /admin/bittorrent%2Fsettings HTTP/1.1", "GET /admin\\bittorrent HTTP/1.1",
            "GET /admin/bittorrent;x=1/settings HTTP/1.1", "GET /admin//bittorrent/settings HTTP/1.1",
            "GET /admin/%2e%2e/actuator/metrics HTTP/1.1", "GET /admin/bittorrent/settings HTTP/1.1\r\nHost: x" })
    void pathsTheContainerOrTheFirewallRefuseAreProblemDetails(String requestLine) throws Exception {
        send(requestLine, "Authorization: " + ADMIN).isProblem(400);
    }

    @Test
    void aRequestLineTooLongIsAProblemDetail() throws Exception {
        Answer answer = send("GET /admin/" + "a".repeat(10_000) + " HTTP/1.1");
        assertThat(answer.status()).isBetween(400, 431);
        answer.isProblem(answer.status());
    }

    @Test
    void anUnsupportedMethodIsA405ProblemDetailLoggedAtDebugOnly(CapturedOutput output) throws Exception {
        Answer answer = send("DELETE /admin/bittorrent/settings HTTP/1.1", "Authorization: " + ADMIN);
        answer.isProblem(405);
        assertThat(answer.headers().get("allow")).contains("GET");
        send("POST /actuator/health HTTP/1.1").isProblem(405);
        assertThat(output.getOut()).doesNotContain("not supported");
    }

    @Test
    void unknownAdminPathsAndAnonymousCallersGetProblemDetails() throws Exception {
        send("GET /admin/nothing-here HTTP/1.1", "Authorization: " + ADMIN).isProblem(404);
        send("GET /admin/bittorrent/settings HTTP/1.1").isProblem(401);
        send("GET /elsewhere HTTP/1.1", "Authorization: " + ADMIN).isProblem(403);
    }

    @Test
    void aCrossSiteRequestFromABrowserChangesNothing() throws Exception {
        String reset = "POST /admin/bittorrent/settings/reset HTTP/1.1";
        int maxConnections = gateway.settings().maxConnections();
        gateway.apply(new io.peergate.bittorrent.GatewaySettings(gateway.settings().port(), 77,
                gateway.settings().maxPending(), gateway.settings().identifyTimeout(),
                gateway.settings().upstreamConnectTimeout(), gateway.settings().relayIdleTimeout(),
                gateway.settings().writeStallTimeout()));
        try {
            send(reset, "Authorization: " + ADMIN, "Sec-Fetch-Site: cross-site").isProblem(403);
            send(reset, "Authorization: " + ADMIN, "Sec-Fetch-Site: same-site").isProblem(403);
            send(reset, "Authorization: " + ADMIN, "Origin: https://attacker.example").isProblem(403);
            send(reset, "Authorization: " + ADMIN, "Origin: null").isProblem(403);
            assertThat(gateway.settings().maxConnections()).as("nothing was reset").isEqualTo(77);
            // The node's own pages, and API clients that send neither header, may.
            assertThat(send(reset, "Authorization: " + ADMIN, "Sec-Fetch-Site: same-origin",
                    "Origin: http://localhost:" + port)
                .status()).isEqualTo(200);
            assertThat(gateway.settings().maxConnections()).isEqualTo(maxConnections);
        }
        finally {
            gateway.apply(gateway.startupSettings());
        }
    }

    @Test
    void infoShowsNameAndVersionToAnyoneAndTheRuntimeToAdminOnly() throws Exception {
        JsonNode anonymous = send("GET /actuator/info HTTP/1.1").json();
        assertThat(anonymous.get("app").get("name").asString()).isEqualTo("peergate");
        assertThat(anonymous.get("app").get("version").asString()).isNotBlank().isNotEqualTo("unknown");
        assertThat(anonymous.has("java")).isFalse();
        assertThat(anonymous.has("build")).isFalse();
        assertThat(anonymous.propertyNames()).containsExactly("app");
        JsonNode admin = send("GET /actuator/info HTTP/1.1", "Authorization: " + ADMIN).json();
        assertThat(admin.get("java").get("version").asString()).isNotBlank();
        assertThat(admin.get("build").get("artifact").asString()).isEqualTo("peergate");
    }

}
