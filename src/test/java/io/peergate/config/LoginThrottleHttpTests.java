package io.peergate.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Through a running node: failed logins from one address get it refused with 429 and
 * {@code Retry-After}, even with the right password, while requests without credentials
 * go on as before.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "peergate.bittorrent.listen-address=127.0.0.1", "peergate.bittorrent.port=0",
                "peergate.admin.username=operator", "peergate.admin.password=correct-horse",
                "peergate.admin.login-throttle.max-failures=3", "peergate.admin.login-throttle.block-for=2m" })
@AutoConfigureTestRestTemplate
class LoginThrottleHttpTests {

    @Autowired
    TestRestTemplate rest;

    @Autowired
    MeterRegistry meters;

    @Test
    void repeatedFailuresAreRefusedFor429WithRetryAfter() {
        TestRestTemplate wrong = rest.withBasicAuth("operator", "guess");
        for (int n = 0; n < 3; n++) {
            assertThat(wrong.getForEntity("/admin/bittorrent/torrents", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        ResponseEntity<String> refused = rest.withBasicAuth("operator", "correct-horse")
            .getForEntity("/admin/bittorrent/torrents", String.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(Long.parseLong(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(110L, 120L);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(refused.getBody()).contains("\"status\":429", "Too many failed logins");
        // no credentials: not a login, neither counted nor refused
        assertThat(rest.getForEntity("/actuator/health", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(rest.getForEntity("/admin/bittorrent/torrents", String.class).getStatusCode())
            .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(meters.get("peergate.admin.login.failures").counter().count()).isEqualTo(3);
        assertThat(meters.get("peergate.admin.login.throttled").counter().count()).isEqualTo(1);
    }

}
