package io.peergate.backbone;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.util.AttributeKey;
import io.peergate.support.Addresses;
import io.peergate.support.Durations;
import io.peergate.support.RuntimeSettings;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import io.peergate.support.Tagged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpClient;

/**
 * A backbone client interface: one link to a remote backbone, kept up. On loss it waits
 * ({@link ReconnectPolicy}) and tries again, re-reading its settings at every attempt;
 * after {@code max-reconnect-tries} failed attempts in a row it gives up until an
 * operator asks for a reconnect. While up, the link is a peer of the relay like any
 * other.
 */
public final class ClientLink implements BackboneInterface {

    private static final Logger log = LoggerFactory.getLogger(ClientLink.class);

    private static final AttributeKey<Integer> GENERATION = AttributeKey.valueOf("peergate.link.generation");

    /**
     * A link's state; the tag is {@code peergate.backbone.link.state}'s {@code state}.
     */
    public enum State implements Tagged {

        STOPPED, CONNECTING, CONNECTED, WAITING, GAVE_UP

    }

    /**
     * Runs a task after a delay: the node's scheduler in production, a hand-driven one in
     * timing tests.
     */
    public interface Delays {

        Future<?> after(Duration delay, Runnable task);

    }

    /** A consistent snapshot for the admin API, the actuator and health. */
    public record Status(State state, int attempts, String lastError, Instant connectedSince, String peer,
            Instant nextAttemptAt) {
    }

    private final ClientLinkSpec spec;

    private final FrameRelay relay;

    private final LongSupplier ids;

    private final Consumer<BackboneEvent> events;

    private final Clock clock;

    private final ReconnectPolicy policy;

    private final InterfaceMeters meters;

    private final RuntimeSettings<ClientSettings> settings;

    private State state = State.STOPPED;

    private int attempts;

    private int generation;

    private String lastError;

    private Instant connectedAt;

    private Instant nextAttemptAt;

    private BackbonePeer peer;

    private Future<?> timer;

    private Disposable pendingConnect;

    private LoopResources loops;

    private Delays delays;

    /**
     * Events decided under the lock, emitted by {@link #emitPending()} once it is
     * released.
     */
    private final List<BackboneEvent> pendingEvents = new ArrayList<>();

    private final Object emitOrder = new Object();

    public ClientLink(ClientLinkSpec spec, FrameRelay relay, LongSupplier ids, Consumer<BackboneEvent> events,
            MeterRegistry registry, Clock clock, ReconnectPolicy policy) {
        this.spec = spec;
        this.relay = relay;
        this.ids = ids;
        this.events = events;
        this.clock = clock;
        this.policy = policy;
        this.settings = new RuntimeSettings<>(spec.settings());
        this.meters = new InterfaceMeters(registry, spec.name(), () -> state() == State.CONNECTED ? 1 : 0);
        Gauge.builder("peergate.backbone.link.up", () -> state() == State.CONNECTED ? 1 : 0)
            .description("1 while a client link is connected, 0 otherwise")
            .tag("interface", spec.name())
            .register(registry);
        for (State each : State.values()) {
            Gauge.builder("peergate.backbone.link.state", () -> state() == each ? 1 : 0)
                .description("1 for the state a client link is in, 0 for the others")
                .tag("interface", spec.name())
                .tag("state", each.tag())
                .register(registry);
        }
    }

    @Override
    public String name() {
        return spec.name();
    }

    /** {@code host:port} of the remote backbone. */
    public String target() {
        return Addresses.hostPort(spec.host(), spec.port());
    }

    void start(LoopResources loops, Delays delays) {
        synchronized (this) {
            if (state == State.STOPPED) {
                this.loops = loops;
                this.delays = delays;
                attempts = 0;
                log.info("[{}] backbone client linking to {}", name(), target());
                connect();
            }
        }
        emitPending();
    }

    synchronized void stop() {
        if (state == State.STOPPED) {
            return;
        }
        state = State.STOPPED;
        generation++;
        cancelPending();
        if (peer != null) {
            peer.close(DisconnectReason.LOCAL);
        }
        log.info("[{}] backbone client stopped", name());
    }

    /**
     * Drops the current connection or wait, forgets failed attempts and connects at once;
     * revives a link that gave up.
     */
    public void reconnectNow() {
        synchronized (this) {
            if (state == State.STOPPED) {
                throw new IllegalStateException("the backbone is not running");
            }
            generation++;
            cancelPending();
            attempts = 0;
            if (peer != null) {
                BackbonePeer old = peer;
                peer = null;
                old.close(DisconnectReason.LOCAL);
            }
            log.info("[{}] reconnecting to {} now", name(), target());
            connect();
        }
        emitPending();
    }

    private void cancelPending() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (pendingConnect != null) {
            pendingConnect.dispose();
            pendingConnect = null;
        }
        nextAttemptAt = null;
    }

    private void connect() {
        state = State.CONNECTING;
        nextAttemptAt = null;
        int attempt = ++generation;
        ClientSettings current = settings.current();
        int hwMtu = spec.hwMtu();
        pendingConnect = TcpClient.newConnection()
            .runOn(loops)
            .host(spec.host())
            .port(spec.port())
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                    (int) Math.min(Integer.MAX_VALUE, current.connectTimeout().toMillis()))
            .doOnChannelInit((observer, channel, remote) -> {
                channel.attr(GENERATION).set(attempt);
                PeerHandler.install(channel, this, hwMtu);
            })
            .handle((in, out) -> Mono.never())
            .connect()
            .timeout(current.connectTimeout().plusSeconds(5)) // name resolution included
            .subscribe(connection -> {
            }, error -> connectFailed(attempt, error));
    }

    private void connectFailed(int attempt, Throwable error) {
        synchronized (this) {
            if (attempt == generation && state == State.CONNECTING) {
                pendingConnect = null;
                lastError = describe(error);
                log.info("[{}] connect to {} failed (attempt {}): {}", name(), target(), attempts, lastError);
                pendingEvents
                    .add(new BackboneEvent.LinkConnectFailed(clock.instant(), name(), target(), attempts, lastError));
                scheduleRetry();
            }
        }
        emitPending();
    }

    private void scheduleRetry() {
        ClientSettings current = settings.current();
        Integer max = current.maxReconnectTries();
        if (max != null && attempts >= max) {
            state = State.GAVE_UP;
            log.warn("[{}] gave up linking to {} after {} attempt(s); last error: {} (POST .../reconnect to try again)",
                    name(), target(), attempts, lastError);
            pendingEvents.add(new BackboneEvent.LinkGaveUp(clock.instant(), name(), target(), attempts, lastError));
            return;
        }
        Duration delay = policy.delay(current.reconnectWait(), attempts);
        state = State.WAITING;
        nextAttemptAt = Durations.plus(clock.instant(), delay);
        int scheduled = generation;
        log.debug("[{}] next attempt to {} in {}", name(), target(), Durations.format(delay));
        timer = delays.after(delay, () -> attemptNow(scheduled));
    }

    private void attemptNow(int scheduled) {
        synchronized (this) {
            if (scheduled == generation && state == State.WAITING) {
                timer = null;
                attempts++;
                log.info("[{}] reconnect attempt {} to {}", name(), attempts, target());
                connect();
            }
        }
        emitPending();
    }

    @Override
    public BackbonePeer admit(Channel channel) {
        BackbonePeer admitted;
        synchronized (this) {
            admitted = admitLocked(channel);
        }
        emitPending();
        return admitted;
    }

    private BackbonePeer admitLocked(Channel channel) {
        Integer attempt = channel.attr(GENERATION).get();
        if (state != State.CONNECTING || attempt == null || attempt != generation) {
            channel.close(); // a connect that was overtaken by a stop or a reconnect-now
            return null;
        }
        pendingConnect = null;
        peer = new BackbonePeer(ids.getAsLong(), name(), spec.mesh(), channel, meters, settings::current,
                () -> settings.current().announceControl());
        connectedAt = clock.instant();
        state = State.CONNECTED;
        relay.join(peer);
        log.info("[{}] linked to {} as {}{}", name(), peer.remoteText(), peer.name(),
                attempts == 0 ? "" : " after " + attempts + " attempt(s)");
        pendingEvents.add(new BackboneEvent.LinkUp(connectedAt, name(), peer.name(), peer.remote(), attempts));
        return peer;
    }

    @Override
    public void closed(BackbonePeer closed) {
        synchronized (this) {
            closedLocked(closed);
        }
        emitPending();
    }

    private void closedLocked(BackbonePeer closed) {
        relay.leave(closed);
        DisconnectReason reason = closed.settleCloseReason();
        boolean current = closed == peer;
        Instant now = clock.instant();
        Duration connectedFor = current ? Duration.between(connectedAt, now) : closed.connectedFor();
        boolean failure = ReconnectPolicy.failed(connectedFor, closed.receivedData());
        pendingEvents.add(new BackboneEvent.LinkDown(now, name(), closed.name(), closed.remote(), connectedFor,
                closed.receivedData(), reason, current && failure));
        if (!current) {
            return; // replaced by a reconnect-now, or closed by a stop
        }
        peer = null;
        connectedAt = null;
        lastError = "connection closed: " + reason.tag() + " after " + Durations.format(connectedFor);
        if (!failure) {
            attempts = 0;
        }
        log.info("[{}] link {} to {} down: {}{}", name(), closed.name(), closed.remoteText(), lastError,
                failure ? " without receiving data (counts as a failed attempt)" : "");
        if (state == State.CONNECTED) {
            scheduleRetry();
        }
    }

    void sweep(long nowNanos) {
        BackbonePeer current;
        synchronized (this) {
            current = peer;
        }
        ClientSettings now = settings.current();
        if (current != null && now.writeStallTimeoutOn()) {
            current.cutIfStalled(now.writeStallTimeout(), nowNanos);
        }
    }

    /**
     * Emits what was decided under the state lock, after releasing it. {@code emitOrder}
     * guards no state: it only keeps two threads that drain one after the other from
     * handing their events on in the wrong order.
     */
    private void emitPending() {
        if (Thread.holdsLock(this)) {
            return; // a callback run inside a locked section (a connect that failed at
                    // once): its caller emits
        }
        synchronized (emitOrder) {
            List<BackboneEvent> ready;
            synchronized (this) {
                if (pendingEvents.isEmpty()) {
                    return;
                }
                ready = List.copyOf(pendingEvents);
                pendingEvents.clear();
            }
            ready.forEach(events);
        }
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    public synchronized State state() {
        return state;
    }

    public synchronized Status status() {
        return new Status(state, attempts, lastError, connectedAt, peer == null ? null : peer.name(), nextAttemptAt);
    }

    /** The live connection, null while down. */
    synchronized BackbonePeer peer() {
        return peer;
    }

    /** The live connection, empty while down. */
    public Optional<BackbonePeer> connection() {
        return Optional.ofNullable(peer());
    }

    public synchronized InetSocketAddress remote() {
        return peer == null ? null : peer.remote();
    }

    public ClientLinkSpec spec() {
        return spec;
    }

    /**
     * The settings in force and at startup; new ones are used from the next attempt on
     * (the write-stall timeout from the next sweep).
     */
    public RuntimeSettings<ClientSettings> settings() {
        return settings;
    }

    @Override
    public InterfaceMeters meters() {
        return meters;
    }

    @Override
    public FrameRelay relay() {
        return relay;
    }

}
