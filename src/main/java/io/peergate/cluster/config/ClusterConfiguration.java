package io.peergate.cluster.config;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import io.peergate.backbone.AnnounceControlSettings;
import io.peergate.backbone.Backbone;
import io.peergate.backbone.ClientSettings;
import io.peergate.backbone.IngressSettings;
import io.peergate.backbone.MeshRole;
import io.peergate.backbone.QueueFullAction;
import io.peergate.backbone.ServerInterface;
import io.peergate.backbone.ServerInterfaceSpec;
import io.peergate.backbone.ServerSettings;
import io.peergate.backbone.abuse.AbuseSettings;
import io.peergate.cluster.ClusterChannel;
import io.peergate.cluster.ClusterNode;
import io.peergate.cluster.MeshLinks;
import io.peergate.cluster.RedisKeys;
import io.peergate.cluster.RedisMembership;
import io.peergate.cluster.RedisReachability;
import io.peergate.cluster.RedisStateStore;
import io.peergate.cluster.actuate.ClusterEndpoint;
import io.peergate.cluster.actuate.ClusterHealthIndicator;
import io.peergate.state.RuntimeState;
import io.peergate.support.ServerLifecycle;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.unit.DataSize;

/**
 * Spring wiring of cluster mode ({@code peergate.state.store: redis}): the Redis state
 * store, membership, the mesh, and what the actuator shows of them. Redis itself is
 * Spring Boot's ({@code spring.data.redis.*}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "peergate.state.store", havingValue = "redis")
public class ClusterConfiguration {

    /** The mesh server's largest frame, as a backbone interface's default. */
    static final int MESH_HW_MTU = 1024 * 1024;

    @Bean
    ClusterNode.Identity clusterIdentity(ClusterProperties properties) {
        return new ClusterNode.Identity(properties.name(), ClusterAddresses.nodeId(properties.nodeId()),
                properties.heartbeatInterval(), properties.memberTimeout());
    }

    @Bean
    RedisReachability redisReachability(RedisConnectionFactory connections) {
        String location = connections instanceof LettuceConnectionFactory lettuce
                ? lettuce.getHostName() + ":" + lettuce.getPort() : connections.toString();
        return new RedisReachability(location, Clock.systemUTC());
    }

    /** The cluster's keys and channel in Redis. */
    @Bean
    RedisKeys redisKeys(ClusterProperties properties) {
        return RedisKeys.of(properties.name());
    }

    @Bean
    RedisStateStore redisStateStore(StringRedisTemplate redis, RedisKeys keys, RedisReachability reachability,
            ClusterNode.Identity identity) {
        return new RedisStateStore(redis, keys, reachability, identity.nodeId());
    }

    /**
     * Commands to a Redis that is away fail at once instead of queueing until their
     * timeout, and the connection is tried again every 100 ms to 2 s, so the node knows
     * quickly both when Redis goes and when it is back.
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer peergateLettuceOptions() {
        return options -> options.autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    @Bean
    ClientResourcesBuilderCustomizer peergateLettuceReconnect() {
        return resources -> resources.reconnectDelay(
                () -> Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS));
    }

    /**
     * The mesh server interface the other nodes link to: no abuse rules (the members
     * reconnect as they restart), no ingress limits, a deeper queue than a peer's.
     */
    @Bean
    @ConditionalOnProperty(name = "peergate.cluster.mesh.enabled", matchIfMissing = true)
    ServerInterfaceSpec clusterMeshInterface(ClusterProperties properties) {
        ClusterProperties.Mesh mesh = properties.mesh();
        AbuseSettings.Repeats off = new AbuseSettings.Repeats(false, 3, Duration.ofMinutes(10));
        AbuseSettings abuse = new AbuseSettings(
                new AbuseSettings.Flapping(false, Duration.ofSeconds(20), 5, Duration.ofMinutes(5)), off, off, off,
                Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofHours(1), List.of());
        ServerSettings settings = new ServerSettings(-1, Duration.ZERO, Duration.ofSeconds(30), mesh.maxQueued(),
                QueueFullAction.DROP, new IngressSettings(0, 0, DataSize.ofBytes(0), DataSize.ofBytes(0)), abuse,
                AnnounceControlSettings.OFF);
        return new ServerInterfaceSpec(mesh.interfaceName(), mesh.listenAddress(), mesh.port(),
                "peergate.cluster.mesh.port", MESH_HW_MTU, settings, MeshRole.INBOUND);
    }

    @Bean
    ClusterNode clusterNode(ClusterNode.Identity identity, ClusterProperties properties, RuntimeState state,
            RedisStateStore store, StringRedisTemplate redis, RedisKeys keys, RedisReachability reachability,
            Backbone backbone) {
        ClusterProperties.Mesh mesh = properties.mesh();
        MeshLinks links = null;
        String host = "";
        if (mesh.enabled()) {
            ClientSettings settings = new ClientSettings(Duration.ofSeconds(2), mesh.reconnectWait(), null,
                    Duration.ofSeconds(30), mesh.maxQueued(), QueueFullAction.DROP, AnnounceControlSettings.OFF);
            links = new MeshLinks(backbone, identity.nodeId(), MESH_HW_MTU, settings);
            host = ClusterAddresses.advertisedHost(mesh.advertiseHost());
        }
        return new ClusterNode(identity, state, store, new RedisMembership(redis, keys, reachability), reachability,
                links, host, () -> backbone.server(mesh.interfaceName()).flatMap(ServerInterface::boundAddress),
                mesh.advertisePort(), Clock.systemUTC());
    }

    /**
     * Started after the listeners; subscribes to the cluster's channel once Redis
     * answers.
     */
    @Bean
    SmartLifecycle clusterNodeLifecycle(ClusterNode node, RedisConnectionFactory connections, RedisKeys keys) {
        String channel = keys.channel();
        return new ServerLifecycle(
                () -> node.start(announcements -> new ClusterChannel(connections, channel, announcements)), node::stop,
                node::isRunning);
    }

    @Bean
    ClusterHealthIndicator clusterHealthIndicator(ClusterNode node) {
        return new ClusterHealthIndicator(node);
    }

    @Bean
    ClusterEndpoint clusterEndpoint(ClusterNode node) {
        return new ClusterEndpoint(node);
    }

}
