package io.peergate.cluster;

import io.peergate.state.RuntimeState;
import io.peergate.state.StateSnapshot;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node as a member of the cluster. One thread of its own renews the membership every
 * heartbeat, links the mesh to the live members, and keeps the runtime state equal to
 * Redis's: the other nodes' changes arrive on the cluster's channel and are applied in
 * the order Redis numbered them; when the node may have missed some (Redis was away, an
 * announcement was lost, Redis lost its data), it reads the whole state again. While
 * Redis is away the node goes on with what it has: relay, routing and mesh links stay.
 */
public final class ClusterNode {

    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

    /** Who this node is in the cluster, and how often it says so. */
    public record Identity(String clusterName, String nodeId, Duration heartbeatInterval, Duration memberTimeout) {
    }

    /** What the node knows of the cluster now, for health and the actuator. */
    public record View(String cluster, String nodeId, RedisReachability.Status redis, String redisLocation,
            long revision, Instant lastSync, Instant lastHeartbeat, List<ClusterMember> members) {
    }

    private final Identity identity;

    private final RuntimeState state;

    private final RedisStateStore store;

    private final RedisMembership membership;

    private final RedisReachability reachability;

    private final MeshLinks mesh;

    private final String meshHost;

    private final Supplier<Optional<InetSocketAddress>> meshAddress;

    private final int advertisedPort;

    private final Clock clock;

    private final String instance = UUID.randomUUID().toString();

    private final Instant startedAt;

    private ScheduledExecutorService worker;

    private ClusterChannel channel;

    private volatile boolean synced;

    /** A whole read of the state is owed (from the start, and after every gap). */
    private boolean resyncDue = true;

    private volatile long lastBeatRevision;

    private volatile Instant lastHeartbeat;

    private volatile List<ClusterMember> members = List.of();

    /**
     * @param mesh the mesh links, or null when the hubs are not linked
     * @param meshAddress where the mesh server is bound, once it is
     * @param advertisedPort the port the others link to, 0 for the bound one
     */
    public ClusterNode(Identity identity, RuntimeState state, RedisStateStore store, RedisMembership membership,
            RedisReachability reachability, MeshLinks mesh, String meshHost,
            Supplier<Optional<InetSocketAddress>> meshAddress, int advertisedPort, Clock clock) {
        this.identity = identity;
        this.state = state;
        this.store = store;
        this.membership = membership;
        this.reachability = reachability;
        this.mesh = mesh;
        this.meshHost = meshHost;
        this.meshAddress = meshAddress;
        this.advertisedPort = advertisedPort;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /**
     * @param channel opens the subscription to the cluster's announcements, handing them
     * to {@link #announced}
     */
    public synchronized void start(Function<Consumer<String>, ClusterChannel> channel) {
        if (worker != null) {
            return;
        }
        this.channel = channel.apply(this::announced);
        worker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "peergate-cluster");
            thread.setDaemon(true);
            return thread;
        });
        long every = identity.heartbeatInterval().toMillis();
        worker.scheduleWithFixedDelay(this::beat, 0, every, TimeUnit.MILLISECONDS);
        log.info("Cluster '{}': node {} joining through {} (mesh {})", identity.clusterName(), identity.nodeId(),
                reachability.location(), mesh == null ? "off" : "at " + meshHost);
    }

    public synchronized void stop() {
        if (worker == null) {
            return;
        }
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker = null;
        channel.close();
        if (mesh != null) {
            mesh.clear();
        }
        try {
            membership.leave(identity.nodeId());
            log.info("Cluster '{}': node {} left", identity.clusterName(), identity.nodeId());
        }
        catch (RuntimeException e) {
            log.info(
                    "Cluster '{}': node {} stopped without leaving (Redis unreachable: {}); its membership ends "
                            + "in {}",
                    identity.clusterName(), identity.nodeId(), e.getMessage(), identity.memberTimeout());
        }
    }

    public synchronized boolean isRunning() {
        return worker != null;
    }

    /**
     * An announcement from the cluster's channel: applied on the node's cluster thread,
     * in arrival order, which is revision order.
     */
    private void announced(String message) {
        ScheduledExecutorService current = worker;
        if (current == null) {
            return;
        }
        try {
            current.execute(() -> store.read(message).ifPresent(state::received));
        }
        catch (RejectedExecutionException e) {
            // stopping
        }
    }

    private void beat() {
        try {
            boolean wasReachable = reachability.reachable();
            RedisMembership.Beat beat;
            try {
                beat = membership.heartbeat(self(), identity.memberTimeout().toMillis());
            }
            catch (RuntimeException e) {
                return; // logged by the reachability; the node goes on with what it has
            }
            lastHeartbeat = clock.instant();
            members = beat.members();
            long newest = state.newestRevision();
            // Back from a time without Redis, an announcement lost since the last beat
            // (a revision the node has not seen a beat later), or a revision below the
            // node's (Redis lost its data): read the whole state again, until that works.
            if (!wasReachable || lastBeatRevision > newest || beat.revision() < newest) {
                resyncDue = true;
            }
            // subscribed before the state is read, so no change falls between the two
            if (resyncDue && channel.listen()) {
                resyncDue = !resync();
            }
            lastBeatRevision = beat.revision();
            if (mesh != null) {
                mesh.follow(beat.members());
            }
        }
        catch (RuntimeException e) {
            // the beat runs again at the next interval, whatever went wrong in this one
            log.warn("Cluster '{}': heartbeat of node {} failed: {}", identity.clusterName(), identity.nodeId(),
                    e.toString(), e);
        }
    }

    /**
     * @return whether the node now holds what Redis holds
     */
    private boolean resync() {
        try {
            StateSnapshot snapshot = store.snapshot();
            int changed = state.resync(snapshot);
            if (!synced || changed > 0) {
                log.info(
                        "Cluster '{}': runtime state in step with Redis at revision {} ({} change{} applied or "
                                + "dropped)",
                        identity.clusterName(), snapshot.revision(), changed, changed == 1 ? "" : "s");
            }
            synced = true;
            return true;
        }
        catch (RuntimeException e) {
            log.debug("Cluster state could not be read from Redis: {}", e.getMessage());
            return false;
        }
    }

    private ClusterMember self() {
        int port = advertisedPort;
        if (mesh == null) {
            port = 0;
        }
        else if (port == 0) {
            port = meshAddress.get().map(InetSocketAddress::getPort).orElse(0);
        }
        return new ClusterMember(identity.nodeId(), mesh == null ? "" : meshHost, port, startedAt, instance);
    }

    public View view() {
        return new View(identity.clusterName(), identity.nodeId(), reachability.status(), reachability.location(),
                state.newestRevision(), state.lastSync().orElse(null), lastHeartbeat, members);
    }

    public Optional<MeshLinks> mesh() {
        return Optional.ofNullable(mesh);
    }

    public Identity identity() {
        return identity;
    }

}
