package io.peergate.cluster.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * Spring Boot's Redis auto-configuration is left out of a node that is not in a cluster.
 */
class RedisOnlyInClusterModeTests {

    private static final String[] CANDIDATES = {
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
            "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration", null };

    private static boolean[] match(String store) {
        RedisOnlyInClusterMode filter = new RedisOnlyInClusterMode();
        MockEnvironment environment = new MockEnvironment();
        if (store != null) {
            environment.setProperty("peergate.state.store", store);
        }
        filter.setEnvironment(environment);
        return filter.match(CANDIDATES, null);
    }

    @Test
    void aNodeOnItsOwnLeavesRedisOut() {
        assertThat(match(null)).containsExactly(false, false, true, true);
        assertThat(match("file")).containsExactly(false, false, true, true);
        assertThat(match("memory")).containsExactly(false, false, true, true);
    }

    @Test
    void aClusterNodeKeepsIt() {
        assertThat(match("redis")).containsExactly(true, true, true, true);
        assertThat(match(" REDIS ")).containsExactly(true, true, true, true);
    }

}
