package io.peergate.bittorrent;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.peergate.bittorrent.wire.PreambleDecoder;
import io.peergate.support.Addresses;
import io.peergate.support.Drainable;
import io.peergate.support.ListenerBindException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpServer;

/**
 * The BitTorrent gateway: one public TCP port on Reactor Netty whose connections are
 * identified by their BEP 3 preamble and relayed to the upstream client of their torrent.
 * Start, stop and port changes are serialised; a port change binds the new port before it
 * lets go of the old one, and never touches established connections.
 */
public final class BitTorrentGateway implements GatewayContext, Drainable {

    private static final Logger log = LoggerFactory.getLogger(BitTorrentGateway.class);

    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);

    private final GatewaySpec spec;

    private final TorrentRegistry registry;

    private final GatewayStats stats;

    private final GatewaySettings startupSettings;

    private volatile GatewaySettings settings;

    private final ChannelGroup inboundChannels = new DefaultChannelGroup("peergate-bittorrent",
            GlobalEventExecutor.INSTANCE);

    private final ChannelGroup upstreamChannels = new DefaultChannelGroup("peergate-bittorrent-upstreams",
            GlobalEventExecutor.INSTANCE);

    private final DnsNameResolverBuilder dns;

    private volatile LoopResources loops;

    private volatile MseKeyWork keyWork;

    private final SecureRandom random = new SecureRandom();

    private volatile DnsAddressResolverGroup resolver;

    private volatile DisposableServer server;

    /**
     * @param dns how upstream host names are resolved: Netty's asynchronous resolver, so
     * a slow name server delays only the connections that wait for it;
     * {@code new DnsNameResolverBuilder()} uses the system's name servers
     */
    public BitTorrentGateway(GatewaySpec spec, TorrentRegistry registry, GatewayStats stats,
            DnsNameResolverBuilder dns) {
        this.spec = spec;
        this.registry = registry;
        this.stats = stats;
        this.dns = dns;
        this.startupSettings = spec.settings();
        this.settings = startupSettings;
        stats.listening(() -> server != null);
    }

    /**
     * @throws ListenerBindException when the peer port cannot be bound
     */
    @Override
    public synchronized void start() {
        if (loops != null) {
            return;
        }
        // Accepts run on the worker loops, as HAProxy's do: a thread of their own would
        // compete with the workers for the machine's cores and hand every new peer over.
        loops = LoopResources.create("peergate-bt", Math.max(2, Runtime.getRuntime().availableProcessors()), true);
        // Resolver sockets must be of the event loops' transport (epoll or NIO).
        resolver = new DnsAddressResolverGroup(
                dns.datagramChannelType(loops.onChannelClass(DatagramChannel.class, loops.onServer(true))));
        keyWork = new MseKeyWork(MseKeyWork.defaultThreads());
        try {
            server = bind(settings.port());
        }
        catch (ListenerBindException e) {
            keyWork.shutdown();
            resolver.close();
            loops.dispose();
            loops = null;
            throw e;
        }
        log.info("BitTorrent gateway listening on {} ({} torrents)", Addresses.describe(server.address()),
                registry.size());
    }

    @Override
    public String describe() {
        return "BitTorrent gateway";
    }

    /**
     * Closes the peer port; relays and connections still identifying go on, and a port
     * change made now binds nothing.
     */
    @Override
    public synchronized void stopAccepting() {
        DisposableServer current = server;
        if (current == null) {
            return;
        }
        server = null;
        disposeQuietly(current, spec.shutdownTimeout());
        log.info("BitTorrent gateway stopped accepting on {}; {} connection(s) open",
                Addresses.describe(current.address()), inboundChannels.size());
    }

    /** Inbound connections open: relays and peers still identifying. */
    @Override
    public int active() {
        return inboundChannels.size();
    }

    /**
     * Stops accepting, closes every connection, waits at most {@code shutdown-timeout}
     * for each step.
     */
    @Override
    public synchronized void stop() {
        if (loops == null) {
            return;
        }
        stopAccepting();
        Duration timeout = spec.shutdownTimeout();
        inboundChannels.close();
        if (!upstreamChannels.close().awaitUninterruptibly(timeout.toMillis(), TimeUnit.MILLISECONDS)
                || !inboundChannels.newCloseFuture().awaitUninterruptibly(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            log.warn("BitTorrent gateway: connections still closing after {}", timeout);
        }
        keyWork.shutdown();
        resolver.close();
        loops.disposeLater(Duration.ZERO, timeout).block(timeout.plusSeconds(1));
        loops = null;
        log.info("BitTorrent gateway stopped");
    }

    @Override
    public boolean isRunning() {
        return loops != null;
    }

    /** The address the peer port is bound to, empty when stopped. */
    public Optional<InetSocketAddress> boundAddress() {
        DisposableServer current = server;
        return current == null ? Optional.empty() : Optional.of((InetSocketAddress) current.address());
    }

    /**
     * Applies new runtime settings. A new port is bound before the old listener is
     * closed; if it cannot be bound, nothing changes.
     * @throws ListenerBindException when the new port cannot be bound (the old one keeps
     * listening)
     */
    public synchronized GatewaySettings apply(GatewaySettings next) {
        DisposableServer current = server;
        if (current != null && next.port() != settings.port()) {
            DisposableServer replacement = bind(next.port());
            server = replacement;
            disposeQuietly(current, spec.shutdownTimeout());
            log.info("BitTorrent gateway moved from {} to {}", Addresses.describe(current.address()),
                    Addresses.describe(replacement.address()));
        }
        settings = next;
        return next;
    }

    private DisposableServer bind(int port) {
        try {
            return TcpServer.create()
                .runOn(loops)
                .host(spec.listenAddress())
                .port(port)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                // Netty's socket channels turn TCP_NODELAY on when they are made; Reactor
                // Netty would set it a second time, a system call per peer.
                .childOption(ChannelOption.TCP_NODELAY, null)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, InboundHandler.WATER_MARK)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, InboundHandler.READS)
                .doOnChannelInit((observer, channel, remote) -> {
                    EncryptionSettings encryption = settings.encryption();
                    channel.pipeline().addFirst("peergate.inbound", new InboundHandler(this));
                    channel.pipeline()
                        .addFirst("peergate.preamble", new PreambleDecoder(!encryption.enabled() ? null
                                : () -> new MseHandshakeHandler(this, encryption.select())));
                })
                .doOnBound(bound -> bound.channel()
                    .pipeline()
                    .addFirst("peergate.acceptErrors",
                            new AcceptErrorHandler(spec.acceptErrorBackoff(), stats::acceptError)))
                .handle((in, out) -> Mono.never())
                .bindNow(BIND_TIMEOUT);
        }
        catch (RuntimeException e) {
            throw new ListenerBindException("BitTorrent gateway", Addresses.hostPort(spec.listenAddress(), port),
                    "peergate.bittorrent.port", e);
        }
    }

    private static void disposeQuietly(DisposableServer server, Duration timeout) {
        try {
            server.disposeNow(timeout);
        }
        catch (RuntimeException e) {
            log.warn("BitTorrent gateway: listener {} did not close within {}: {}",
                    Addresses.describe(server.address()), timeout, e.toString());
        }
    }

    @Override
    public GatewaySettings settings() {
        return settings;
    }

    public GatewaySettings startupSettings() {
        return startupSettings;
    }

    @Override
    public GatewayStats stats() {
        return stats;
    }

    @Override
    public TorrentRegistry registry() {
        return registry;
    }

    @Override
    public Duration halfCloseTimeout() {
        return spec.halfCloseTimeout();
    }

    @Override
    public AddressResolverGroup<InetSocketAddress> resolver() {
        return resolver;
    }

    @Override
    public MseKeyWork keyWork() {
        return keyWork;
    }

    @Override
    public SecureRandom random() {
        return random;
    }

    /** MSE handshakes waiting for a key-exchange worker now. */
    public int mseQueued() {
        MseKeyWork current = keyWork;
        return current == null ? 0 : current.queued();
    }

    @Override
    public void track(Channel channel) {
        inboundChannels.add(channel);
    }

    @Override
    public void trackUpstream(Channel channel) {
        upstreamChannels.add(channel);
    }

    /** The listening channel, empty when stopped. */
    public Optional<Channel> serverChannel() {
        DisposableServer current = server;
        return current == null ? Optional.empty() : Optional.of(current.channel());
    }

    /**
     * Bytes queued in the node for peers that have not read them yet: bounded by the
     * water mark per connection.
     */
    public long queuedToPeers() {
        return queued(inboundChannels);
    }

    /** Bytes queued in the node for upstream clients that have not read them yet. */
    public long queuedToUpstreams() {
        return queued(upstreamChannels);
    }

    private static long queued(ChannelGroup channels) {
        long total = 0;
        for (Channel channel : channels) {
            total += RelayPair.pendingBytes(channel);
        }
        return total;
    }

}
