package io.peergate.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "peergate.bittorrent.listen-address=127.0.0.1", "peergate.bittorrent.port=0",
                "peergate.admin.username=operator", "peergate.admin.password=correct-horse" })
@AutoConfigureTestRestTemplate
class SecurityTests {

    @Autowired
    TestRestTemplate rest;

    @Test
    void adminApiWithoutCredentialsIs401ProblemDetail() {
        assertUnauthorizedProblem(rest.getForEntity("/admin/bittorrent/torrents", String.class));
    }

    private static void assertUnauthorizedProblem(ResponseEntity<String> response) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic");
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody()).contains("\"status\":401");
    }

    @Test
    void adminApiWithWrongCredentialsIs401() {
        ResponseEntity<String> wrongPassword = rest.withBasicAuth("operator", "wrong")
            .getForEntity("/admin/bittorrent/torrents", String.class);
        assertThat(wrongPassword.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        ResponseEntity<String> wrongUser = rest.withBasicAuth("admin", "correct-horse")
            .getForEntity("/admin/bittorrent/torrents", String.class);
        assertThat(wrongUser.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void adminApiWithRightCredentialsIs200AndStateless() {
        ResponseEntity<String> response = rest.withBasicAuth("operator", "correct-horse")
            .getForEntity("/admin/bittorrent/torrents", String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getHeaders().get(HttpHeaders.SET_COOKIE)).isNull();
    }

    @Test
    void writesNeedNoCsrfToken() {
        ResponseEntity<String> response = rest.withBasicAuth("operator", "correct-horse")
            .exchange("/admin/bittorrent/torrents/0123456789abcdef0123456789abcdef01234567",
                    org.springframework.http.HttpMethod.PUT,
                    new org.springframework.http.HttpEntity<>(java.util.Map.of("name", "t", "upstream", "127.0.0.1:1")),
                    String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void healthInfoAndPrometheusAreOpen() {
        ResponseEntity<String> health = rest.getForEntity("/actuator/health", String.class);
        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(health.getBody()).contains("\"status\":\"UP\"").contains("bittorrent");
        assertThat(rest.getForEntity("/actuator/health/liveness", String.class).getStatusCode())
            .isEqualTo(HttpStatus.OK);
        assertThat(rest.getForEntity("/actuator/health/readiness", String.class).getStatusCode())
            .isEqualTo(HttpStatus.OK);
        assertThat(rest.getForEntity("/actuator/info", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<String> prometheus = rest.getForEntity("/actuator/prometheus", String.class);
        assertThat(prometheus.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(prometheus.getBody()).contains("peergate_bittorrent_connections_live");
    }

    @Test
    void otherActuatorEndpointsNeedAdmin() {
        assertThat(rest.getForEntity("/actuator/bittorrent", String.class).getStatusCode())
            .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.getForEntity("/actuator/metrics", String.class).getStatusCode())
            .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.withBasicAuth("operator", "correct-horse")
            .getForEntity("/actuator/bittorrent", String.class)
            .getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void unknownPathsAreClosed() {
        assertThat(rest.getForEntity("/anything", String.class).getStatusCode()).isIn(HttpStatus.UNAUTHORIZED,
                HttpStatus.FORBIDDEN);
    }

    /**
     * With peergate.admin.protect-prometheus, scraping needs the admin credentials;
     * health and info stay open for probes.
     */
    @Nested
    @TestPropertySource(properties = "peergate.admin.protect-prometheus=true")
    class ProtectedPrometheus {

        @Autowired
        TestRestTemplate protectedRest;

        @Test
        void prometheusNeedsTheAdminRole() {
            assertUnauthorizedProblem(protectedRest.getForEntity("/actuator/prometheus", String.class));
            ResponseEntity<String> admin = protectedRest.withBasicAuth("operator", "correct-horse")
                .getForEntity("/actuator/prometheus", String.class);
            assertThat(admin.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(admin.getBody()).contains("peergate_bittorrent_connections_live");
            assertThat(protectedRest.getForEntity("/actuator/health", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
            assertThat(protectedRest.getForEntity("/actuator/info", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        }

    }

}
