package io.peergate.cluster.config;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves Spring Boot's Redis auto-configuration out unless the node runs in cluster mode
 * ({@code peergate.state.store: redis}): a node on its own would otherwise load and build
 * a Redis client it never uses, which showed in the start-up profile.
 */
public class RedisOnlyInClusterMode implements AutoConfigurationImportFilter, EnvironmentAware {

    static final String REDIS_AUTO_CONFIGURATION = "org.springframework.boot.data.redis.";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] candidates, AutoConfigurationMetadata metadata) {
        boolean cluster = environment != null
                && "redis".equalsIgnoreCase(environment.getProperty("peergate.state.store", "file").trim());
        boolean[] matches = new boolean[candidates.length];
        for (int i = 0; i < candidates.length; i++) {
            matches[i] = cluster || candidates[i] == null || !candidates[i].startsWith(REDIS_AUTO_CONFIGURATION);
        }
        return matches;
    }

}
