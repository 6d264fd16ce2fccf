package io.peergate.bittorrent;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.peergate.bittorrent.config.BitTorrentProperties;
import io.peergate.bittorrent.wire.Handshakes;
import io.peergate.bittorrent.wire.InfoHash;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A real gateway on 127.0.0.1, an ephemeral port, with the settings a test picks. */
public final class GatewayHarness implements AutoCloseable {

    final TorrentRegistry registry = new TorrentRegistry();

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    final GatewayStats stats = new GatewayStats(meters);

    public final BitTorrentGateway gateway;

    private final List<Socket> clients = new ArrayList<>();

    GatewayHarness(Settings settings) {
        BitTorrentProperties properties = new BitTorrentProperties(true, "127.0.0.1", 0, settings.maxConnections,
                settings.maxPending, settings.identifyTimeout, settings.upstreamConnectTimeout,
                settings.relayIdleTimeout, settings.writeStallTimeout, settings.halfCloseTimeout, Duration.ofSeconds(5),
                settings.acceptErrorBackoff, settings.encryption, List.of());
        gateway = new BitTorrentGateway(properties.spec(), registry, stats, settings.dns);
        gateway.start();
    }

    public GatewayHarness() {
        this(new Settings());
    }

    /** Settings a test may change; everything else is at its default. */
    static final class Settings {

        int maxConnections = -1;

        int maxPending = -1;

        Duration relayIdleTimeout = Duration.ofMinutes(5);

        Duration writeStallTimeout = Duration.ofSeconds(30);

        Duration identifyTimeout = Duration.ofSeconds(5);

        Duration upstreamConnectTimeout = Duration.ofSeconds(2);

        Duration halfCloseTimeout = Duration.ofSeconds(30);

        Duration acceptErrorBackoff = Duration.ofSeconds(10);

        DnsNameResolverBuilder dns = new DnsNameResolverBuilder();

        EncryptionSettings encryption = EncryptionSettings.DEFAULT;

    }

    public int port() {
        return gateway.boundAddress().orElseThrow().getPort();
    }

    Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 5000);
        socket.setSoTimeout(10_000);
        synchronized (clients) {
            clients.add(socket);
        }
        return socket;
    }

    InfoHash register(byte fill, TestUpstream upstream) {
        return register(fill, "127.0.0.1", upstream.port());
    }

    InfoHash register(byte fill, String upstreamHost, int upstreamPort) {
        return register(fill, upstreamHost, upstreamPort, UpstreamEncryption.PLAINTEXT);
    }

    InfoHash register(byte fill, String upstreamHost, int upstreamPort, UpstreamEncryption encryption) {
        InfoHash hash = Handshakes.hash(fill);
        registry.put(hash, "t" + (fill & 0xff), new UpstreamAddress(upstreamHost, upstreamPort), encryption);
        return hash;
    }

    long rejected(RejectReason reason) {
        return stats.rejectedCount(reason);
    }

    /** True once the gateway has closed {@code socket}: EOF or reset on read. */
    public static boolean closedByPeer(Socket socket) throws IOException {
        socket.setSoTimeout(100);
        try {
            InputStream in = socket.getInputStream();
            return in.read() < 0;
        }
        catch (SocketTimeoutException e) {
            return false;
        }
        catch (SocketException e) {
            return true;
        }
    }

    @Override
    public void close() {
        synchronized (clients) {
            for (Socket socket : clients) {
                try {
                    socket.close();
                }
                catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
        gateway.stop();
    }

}
