package io.peergate.backbone;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.peergate.backbone.abuse.PeerMonitor;
import io.peergate.support.Addresses;
import io.peergate.support.Durations;
import io.peergate.support.ListenerBindException;
import io.peergate.support.RuntimeSettings;
import io.peergate.support.Slots;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpServer;

/**
 * A backbone server interface: a TCP listener whose connections are Reticulum peers
 * speaking HDLC. At accept a blacklisted IP is refused (its reject count goes up), then
 * {@code max-connections} is enforced. A periodic {@link #sweep} cuts peers that stayed
 * silent past {@code idle-timeout} and peers whose writes stalled; settings changed at
 * runtime reach connections already open at the next sweep.
 */
public final class ServerInterface implements BackboneInterface {

    private static final Logger log = LoggerFactory.getLogger(ServerInterface.class);

    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);

    private final ServerInterfaceSpec spec;

    private final FrameRelay relay;

    private final LongSupplier ids;

    private final Consumer<BackboneEvent> events;

    private final Clock clock;

    private final PeerMonitor monitor;

    private final RuntimeSettings<ServerSettings> settings;

    private final InterfaceMeters meters;

    private final AtomicInteger live = new AtomicInteger();

    private final Map<Long, BackbonePeer> peers = new ConcurrentHashMap<>();

    private final ChannelGroup channels;

    private volatile DisposableServer server;

    public ServerInterface(ServerInterfaceSpec spec, FrameRelay relay, LongSupplier ids, Consumer<BackboneEvent> events,
            MeterRegistry registry, Clock clock) {
        this.spec = spec;
        this.relay = relay;
        this.ids = ids;
        this.events = events;
        this.clock = clock;
        this.settings = new RuntimeSettings<>(spec.settings());
        this.monitor = new PeerMonitor(() -> settings.current().abuse(), clock);
        this.meters = new InterfaceMeters(registry, spec.name(), live::get);
        this.channels = new DefaultChannelGroup("peergate-backbone-" + spec.name(), GlobalEventExecutor.INSTANCE);
        Gauge.builder("peergate.backbone.listener.up", () -> server != null ? 1 : 0)
            .description("1 while a server interface accepts connections, 0 otherwise")
            .tag("interface", spec.name())
            .register(registry);
        Gauge.builder("peergate.backbone.blacklisted", monitor, PeerMonitor::blacklistedCount)
            .description("IPs blacklisted now on a server interface, by an operator or an abuse rule")
            .tag("interface", spec.name())
            .strongReference(true)
            .register(registry);
    }

    @Override
    public String name() {
        return spec.name();
    }

    /**
     * @throws ListenerBindException when the port cannot be bound
     */
    synchronized void start(LoopResources loops) {
        if (server != null) {
            return;
        }
        int hwMtu = spec.hwMtu();
        try {
            server = TcpServer.create()
                .runOn(loops)
                .host(spec.listenAddress())
                .port(spec.port())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .doOnChannelInit((observer, channel, remote) -> PeerHandler.install(channel, this, hwMtu))
                .handle((in, out) -> Mono.never())
                .bindNow(BIND_TIMEOUT);
        }
        catch (RuntimeException e) {
            throw new ListenerBindException("backbone interface '" + name() + "'",
                    Addresses.hostPort(spec.listenAddress(), spec.port()), spec.portKey(), e);
        }
        log.info("[{}] backbone server listening on {}", name(), Addresses.describe(server.address()));
    }

    /** Closes the listener; the peers connected go on. */
    synchronized void stopListening(Duration timeout) {
        DisposableServer current = server;
        if (current == null) {
            return;
        }
        server = null;
        try {
            current.disposeNow(timeout);
        }
        catch (RuntimeException e) {
            log.warn("[{}] listener did not close within {}: {}", name(), timeout, e.toString());
        }
        log.info("[{}] backbone server stopped accepting on {}; {} peer(s) connected", name(),
                Addresses.describe(current.address()), live.get());
    }

    /** Closes the listener and every peer. */
    synchronized void stop(Duration timeout) {
        stopListening(timeout);
        peers.values().forEach(peer -> peer.close(DisconnectReason.LOCAL));
        if (!channels.close().awaitUninterruptibly(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            log.warn("[{}] connections still closing after {}", name(), timeout);
        }
        log.info("[{}] backbone server stopped", name());
    }

    public boolean isListening() {
        return server != null;
    }

    public Optional<InetSocketAddress> boundAddress() {
        DisposableServer current = server;
        return current == null ? Optional.empty() : Optional.of((InetSocketAddress) current.address());
    }

    @Override
    public BackbonePeer admit(Channel channel) {
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        InetAddress ip = remote.getAddress();
        if (monitor.rejectIfBlacklisted(ip)) {
            long rejects = monitor.rejects(ip);
            log.debug("[{}] peer {} rejected: blacklisted ({} rejects)", name(), Addresses.hostPort(remote), rejects);
            reject(channel, remote, BackboneEvent.RejectReason.BLACKLISTED, rejects);
            return null;
        }
        int max = settings.current().maxConnections();
        if (!Slots.tryAcquire(live, max)) {
            log.debug("[{}] peer {} rejected: max-connections ({}) reached", name(), Addresses.hostPort(remote), max);
            reject(channel, remote, BackboneEvent.RejectReason.MAX_CONNECTIONS, 0);
            return null;
        }
        channels.add(channel);
        BackbonePeer peer = new BackbonePeer(ids.getAsLong(), name(), spec.mesh(), channel, meters, settings::current,
                () -> settings.current().announceControl());
        peers.put(peer.id(), peer);
        monitor.connected(ip);
        relay.join(peer);
        log.debug("[{}] peer {} connected as {}", name(), peer.remoteText(), peer.name());
        events.accept(new BackboneEvent.PeerConnected(clock.instant(), name(), peer.name(), remote));
        return peer;
    }

    private void reject(Channel channel, InetSocketAddress remote, BackboneEvent.RejectReason reason, long rejects) {
        channel.close();
        events.accept(new BackboneEvent.PeerRejected(clock.instant(), name(), remote, reason, rejects));
    }

    @Override
    public void closed(BackbonePeer peer) {
        if (peers.remove(peer.id()) == null) {
            return;
        }
        live.decrementAndGet();
        relay.leave(peer);
        DisconnectReason reason = peer.settleCloseReason();
        Duration connectedFor = peer.connectedFor();
        Instant now = clock.instant();
        log.debug("[{}] peer {} ({}) disconnected: {} after {}{}", name(), peer.remoteText(), peer.name(), reason.tag(),
                Durations.format(connectedFor), peer.receivedData() ? "" : ", sent nothing");
        events.accept(new BackboneEvent.PeerDisconnected(now, name(), peer.name(), peer.remote(), connectedFor,
                peer.receivedData(), reason));
        if (reason == DisconnectReason.IDLE_TIMEOUT) {
            events.accept(new BackboneEvent.PeerIdleTimeout(now, name(), peer.name(), peer.remote(), connectedFor));
        }
        else if (reason == DisconnectReason.WRITE_STALL) {
            events.accept(new BackboneEvent.PeerWriteStall(now, name(), peer.name(), peer.remote(), connectedFor,
                    peer.pendingAtClose()));
        }
        monitor.disconnected(peer.remote().getAddress(), connectedFor, reason)
            .ifPresent(penalty -> penalised(penalty, now));
    }

    /** An abuse rule blacklisted an IP: logged once at INFO and published. */
    private void penalised(PeerMonitor.Penalty penalty, Instant now) {
        log.info("[{}] peer {} blacklisted for {}: abuse rule {} fired (level {})", name(),
                penalty.ip().getHostAddress(), Durations.format(penalty.duration()), penalty.rule(), penalty.level());
        events.accept(new BackboneEvent.Penalty(now, name(), penalty.ip(), penalty.rule(), penalty.level(),
                penalty.duration()));
    }

    @Override
    public IngressSettings ingress() {
        return settings.current().ingress();
    }

    /**
     * Runs the {@code flooding} rule; when it fires, the IP is blacklisted and its
     * connections closed.
     */
    @Override
    public void flooding(BackbonePeer peer) {
        InetAddress ip = peer.remote().getAddress();
        monitor.flooded(ip).ifPresent(penalty -> {
            penalised(penalty, clock.instant());
            closeAll(ip);
        });
    }

    /**
     * Cuts peers silent past {@code idle-timeout} and peers whose writes stalled past
     * {@code write-stall-timeout}.
     */
    void sweep(long nowNanos) {
        ServerSettings current = settings.current();
        for (BackbonePeer peer : peers.values()) {
            if (current.idleTimeoutOn() && peer.idleFor(current.idleTimeout(), nowNanos)) {
                if (peer.close(DisconnectReason.IDLE_TIMEOUT)) {
                    log.debug("[{}] peer {} ({}) cut: sent nothing within {}", name(), peer.remoteText(), peer.name(),
                            Durations.format(current.idleTimeout()));
                }
            }
            else if (current.writeStallTimeoutOn()) {
                peer.cutIfStalled(current.writeStallTimeout(), nowNanos);
            }
        }
    }

    /** Forgets monitor entries that no longer matter. */
    void expire() {
        monitor.expire();
    }

    public ServerInterfaceSpec spec() {
        return spec;
    }

    /**
     * The settings in force and at startup. New ones apply to new accepts at once and to
     * connections already open from the next sweep on.
     */
    public RuntimeSettings<ServerSettings> settings() {
        return settings;
    }

    /** Blacklists {@code ip} and closes its open connections. */
    public PeerMonitor.Entry blacklist(InetAddress ip, Duration duration, String reason) {
        PeerMonitor.Entry entry = monitor.blacklist(ip, duration, reason);
        closeAll(ip);
        return entry;
    }

    private void closeAll(InetAddress ip) {
        peers.values()
            .stream()
            .filter(peer -> peer.remote().getAddress().equals(ip))
            .forEach(peer -> peer.close(DisconnectReason.BLACKLISTED));
    }

    /**
     * Puts back a penalty an abuse rule gave before a restart (see
     * {@link PeerMonitor#restorePenalty}).
     */
    public void restorePenalty(InetAddress ip, int level, Instant at, Instant until, String reason) {
        monitor.restorePenalty(ip, level, at, until, reason);
    }

    /**
     * Forgets {@code ip}: blacklist, rejects, history, penalty level. @return false when
     * it was not tracked
     */
    public boolean clear(InetAddress ip) {
        return monitor.clear(ip);
    }

    public List<PeerMonitor.Entry> monitorEntries() {
        return monitor.list();
    }

    /** Live peers, oldest first. */
    public List<BackbonePeer> peers() {
        return peers.values().stream().sorted(Comparator.comparingLong(BackbonePeer::id)).toList();
    }

    public int live() {
        return live.get();
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
