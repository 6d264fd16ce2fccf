package io.peergate.cluster.actuate;

import io.peergate.cluster.ClusterNode;
import io.peergate.cluster.RedisReachability;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code cluster}: UP while the node reaches Redis, DOWN while it does not (the node
 * still serves with the state it has, so neither readiness nor liveness includes this).
 */
public class ClusterHealthIndicator implements HealthIndicator {

    private final ClusterNode node;

    public ClusterHealthIndicator(ClusterNode node) {
        this.node = node;
    }

    @Override
    public Health health() {
        ClusterNode.View view = node.view();
        RedisReachability.Status redis = view.redis();
        Health.Builder health = redis.reachable() ? Health.up() : Health.down();
        health.withDetail("cluster", view.cluster())
            .withDetail("node", view.nodeId())
            .withDetail("redis", view.redisLocation())
            .withDetail(redis.reachable() ? "reachableSince" : "unreachableSince", redis.since())
            .withDetail("members", view.members().size())
            .withDetail("revision", view.revision());
        if (!redis.reachable()) {
            health.withDetail("lastError", redis.lastError());
        }
        return health.build();
    }

}
