package io.peergate.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.peergate.testing.RawHttp;
import java.util.Base64;
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

    /** Checks that {@code answer} is a problem detail with {@code status}. */
    private static void isProblem(RawHttp.Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).as("content type of a %d", status).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
    }

    private RawHttp.Answer send(String requestLine, String... headers) throws Exception {
        return RawHttp.exchange(port, requestLine, null, headers);
    }

    @ParameterizedTest
    @ValueSource(strings = { "GET /admin/bittorrent%2Fsettings HTTP/1.1", "GET /admin\\bittorrent HTTP/1.1",
            "GET /admin/bittorrent;x=1/settings HTTP/1.1", "GET /admin//bittorrent/settings HTTP/1.1",
            "GET /admin/%2e%2e/actuator/metrics HTTP/1.1", "GET /admin/bittorrent/settings HTTP/1.1\r\nHost: x" })
    void pathsTheContainerOrTheFirewallRefuseAreProblemDetails(String requestLine, CapturedOutput output)
            throws Exception {
        int before = output.getAll().length();
        isProblem(send(requestLine, "Authorization: " + ADMIN), 400);
        assertThat(output.getAll().substring(before)).as("logged above DEBUG")
            .doesNotContain("WARN")
            .doesNotContain("ERROR");
    }

    @Test
    void aRequestLineTooLongIsAProblemDetail() throws Exception {
        RawHttp.Answer answer = send("GET /admin/" + "a".repeat(10_000) + " HTTP/1.1");
        assertThat(answer.status()).isBetween(400, 431);
        isProblem(answer, answer.status());
    }

    @Test
    void anUnsupportedMethodIsA405ProblemDetailLoggedAtDebugOnly(CapturedOutput output) throws Exception {
        RawHttp.Answer answer = send("DELETE /admin/bittorrent/settings HTTP/1.1", "Authorization: " + ADMIN);
        isProblem(answer, 405);
        assertThat(answer.headers().get("allow")).contains("GET");
        isProblem(send("POST /actuator/health HTTP/1.1"), 405);
        assertThat(output.getOut()).doesNotContain("not supported");
    }

    @Test
    void unknownAdminPathsAndAnonymousCallersGetProblemDetails() throws Exception {
        isProblem(send("GET /admin/nothing-here HTTP/1.1", "Authorization: " + ADMIN), 404);
        isProblem(send("GET /admin/bittorrent/settings HTTP/1.1"), 401);
        isProblem(send("GET /elsewhere HTTP/1.1", "Authorization: " + ADMIN), 403);
    }

    @Test
    void aCrossSiteRequestFromABrowserChangesNothing() throws Exception {
        String reset = "POST /admin/bittorrent/settings/reset HTTP/1.1";
        int maxConnections = gateway.settings().maxConnections();
        gateway.apply(new io.peergate.bittorrent.GatewaySettings(gateway.settings().port(), 77,
                gateway.settings().maxPending(), gateway.settings().identifyTimeout(),
                gateway.settings().upstreamConnectTimeout(), gateway.settings().relayIdleTimeout(),
                gateway.settings().writeStallTimeout(), gateway.settings().encryption()));
        try {
            isProblem(send(reset, "Authorization: " + ADMIN, "Sec-Fetch-Site: cross-site"), 403);
            isProblem(send(reset, "Authorization: " + ADMIN, "Sec-Fetch-Site: same-site"), 403);
            isProblem(send(reset, "Authorization: " + ADMIN, "Origin: https://attacker.example"), 403);
            isProblem(send(reset, "Authorization: " + ADMIN, "Origin: null"), 403);
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
        JsonNode anonymous = JSON.readTree(send("GET /actuator/info HTTP/1.1").body());
        assertThat(anonymous.get("app").get("name").asString()).isEqualTo("peergate");
        assertThat(anonymous.get("app").get("version").asString()).isNotBlank().isNotEqualTo("unknown");
        assertThat(anonymous.has("java")).isFalse();
        assertThat(anonymous.has("build")).isFalse();
        assertThat(anonymous.propertyNames()).containsExactly("app");
        JsonNode admin = JSON.readTree(send("GET /actuator/info HTTP/1.1", "Authorization: " + ADMIN).body());
        assertThat(admin.get("java").get("version").asString()).isNotBlank();
        assertThat(admin.get("build").get("artifact").asString()).isEqualTo("peergate");
    }

}
