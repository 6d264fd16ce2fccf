package io.peergate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Authenticated JSON calls to a test node's HTTP side, asserting the status. */
final class AdminCalls {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AdminCalls() {
    }

    /**
     * Calls {@code path} as admin/pw and returns the JSON answer (null when empty) after
     * checking the status.
     */
    static JsonNode call(TestRestTemplate rest, HttpMethod method, String path, Object body, HttpStatus expected) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> response = rest.withBasicAuth("admin", "pw")
            .exchange(path, method, new HttpEntity<>(body, headers), String.class);
        assertThat(response.getStatusCode()).as("%s %s: %s", method, path, response.getBody()).isEqualTo(expected);
        return response.getBody() == null ? null : JSON.readTree(response.getBody());
    }

}
