package io.peergate.backbone;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.peergate.backbone.abuse.AbuseSettings;
import io.peergate.backbone.config.BackboneProperties;
import io.peergate.backbone.config.InterfaceMode;
import io.peergate.backbone.config.InterfaceProperties;
import io.peergate.reticulum.Hdlc;
import io.peergate.reticulum.HdlcEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.springframework.util.unit.DataSize;

/**
 * A real backbone on 127.0.0.1 with server interfaces on ephemeral ports, and raw TCP
 * peers to talk to it.
 */
public final class BackboneHarness implements AutoCloseable {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    final List<BackboneEvent> events = new CopyOnWriteArrayList<>();

    final Backbone backbone;

    private final List<Socket> sockets = new ArrayList<>();

    BackboneHarness(Server... servers) {
        this(RelayMode.FLOOD, servers);
    }

    BackboneHarness(RelayMode mode, Server... servers) {
        List<InterfaceProperties> interfaces = new ArrayList<>();
        for (Server server : servers) {
            interfaces.add(server.properties());
        }
        backbone = new Backbone(
                new BackboneProperties(1024, 256, interfaces, mode, Duration.ofMinutes(30), 1024).spec(), meters,
                events::add, Clock.systemUTC());
        backbone.start();
    }

    BackboneHarness() {
        this(new Server());
    }

    /**
     * A server interface's settings; whatever a test does not set is at its default,
     * flapping off.
     */
    static final class Server {

        String name = "test";

        int maxConnections = -1;

        Duration idleTimeout = Duration.ZERO;

        Duration writeStallTimeout = Duration.ofSeconds(30);

        long hwMtu = 1024 * 1024;

        DataSize maxQueued = DataSize.ofKilobytes(512);

        QueueFullAction onQueueFull = QueueFullAction.DROP;

        IngressSettings ingress = IngressSettings.OFF;

        AbuseSettings abuse = BackboneHarness.abuse(false, 5);

        Server name(String value) {
            name = value;
            return this;
        }

        Server maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        Server idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        Server writeStallTimeout(Duration value) {
            writeStallTimeout = value;
            return this;
        }

        Server maxQueued(DataSize value) {
            maxQueued = value;
            return this;
        }

        Server onQueueFull(QueueFullAction value) {
            onQueueFull = value;
            return this;
        }

        Server ingress(IngressSettings value) {
            ingress = value;
            return this;
        }

        Server abuse(AbuseSettings value) {
            abuse = value;
            return this;
        }

        AnnounceControlSettings announceControl = AnnounceControlSettings.OFF;

        Server announceControl(AnnounceControlSettings value) {
            announceControl = value;
            return this;
        }

        InterfaceProperties properties() {
            return new InterfaceProperties(name, InterfaceMode.SERVER, "127.0.0.1", 0, null, maxConnections,
                    idleTimeout, writeStallTimeout, maxQueued, onQueueFull, ingress, DataSize.ofBytes(hwMtu),
                    Duration.ofSeconds(5), Duration.ofSeconds(5), null, abuse, announceControl);
        }

    }

    static AbuseSettings abuse(boolean flapping, int flappingMax) {
        return new AbuseSettings(
                new AbuseSettings.Flapping(flapping, Duration.ofSeconds(20), flappingMax, Duration.ofMinutes(5)),
                new AbuseSettings.Repeats(true, 3, Duration.ofMinutes(10)),
                new AbuseSettings.Repeats(true, 3, Duration.ofMinutes(10)),
                new AbuseSettings.Repeats(true, 3, Duration.ofMinutes(10)), Duration.ofMinutes(5), Duration.ofHours(24),
                Duration.ofHours(1), List.of());
    }

    ServerInterface server() {
        return backbone.servers().values().iterator().next();
    }

    ServerInterface server(String name) {
        return backbone.server(name).orElseThrow();
    }

    int port() {
        return port(server());
    }

    static int port(ServerInterface server) {
        return server.boundAddress().orElseThrow().getPort();
    }

    Socket connect() throws IOException {
        return connect(server(), 0);
    }

    /**
     * Connects to {@code server}; a positive {@code receiveBuffer} shrinks the socket's
     * receive buffer first.
     */
    Socket connect(ServerInterface server, int receiveBuffer) throws IOException {
        return connectFrom(server, null, receiveBuffer);
    }

    /**
     * Connects to {@code server} from {@code localIp} (another loopback address, such as
     * 127.0.0.2, so a test can have peers of different IPs), or any address when null.
     */
    Socket connectFrom(ServerInterface server, String localIp, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (localIp != null) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localIp), 0));
        }
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port(server)), 5000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        synchronized (sockets) {
            sockets.add(socket);
        }
        return socket;
    }

    /** Connects and waits until the node has admitted the peer. */
    /** {@code count} raw peers, each joined to the hub when this returns. */
    Socket[] connectPeers(int count) throws IOException {
        Socket[] sockets = new Socket[count];
        for (int n = 0; n < count; n++) {
            Socket[] one = new Socket[1];
            connectPeer(one);
            sockets[n] = one[0];
        }
        return sockets;
    }

    BackbonePeer connectPeer(Socket[] socketOut) throws IOException {
        int before = count(BackboneEvent.PeerConnected.class);
        socketOut[0] = connect();
        await().until(() -> count(BackboneEvent.PeerConnected.class) > before);
        return last(BackboneEvent.PeerConnected.class, e -> true).map(e -> peerNamed(e.peer())).orElseThrow();
    }

    /** Connects from {@code localIp} and waits until the node has admitted the peer. */
    BackbonePeer connectPeerFrom(String localIp, Socket[] socketOut) throws IOException {
        int before = count(BackboneEvent.PeerConnected.class);
        socketOut[0] = connectFrom(server(), localIp, 0);
        await().until(() -> count(BackboneEvent.PeerConnected.class) > before);
        return last(BackboneEvent.PeerConnected.class, e -> true).map(e -> peerNamed(e.peer())).orElseThrow();
    }

    BackbonePeer peerNamed(String name) {
        return backbone.servers()
            .values()
            .stream()
            .flatMap(server -> server.peers().stream())
            .filter(peer -> peer.name().equals(name))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no live peer " + name));
    }

    <E extends BackboneEvent> int count(Class<E> type) {
        return (int) events.stream().filter(type::isInstance).count();
    }

    <E extends BackboneEvent> java.util.Optional<E> last(Class<E> type, Predicate<E> filter) {
        E found = null;
        for (BackboneEvent event : events) {
            if (type.isInstance(event) && filter.test(type.cast(event))) {
                found = type.cast(event);
            }
        }
        return java.util.Optional.ofNullable(found);
    }

    <E extends BackboneEvent> E awaitEvent(Class<E> type, Predicate<E> filter) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> last(type, filter).orElse(null), e -> e != null);
    }

    double counter(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    /** A payload of {@code length} bytes whose packet hash differs with {@code seed}. */
    public static byte[] payload(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        bytes[0] = 0x00; // header type 1: the hash covers bytes 2..
        bytes[2] = (byte) seed;
        bytes[3] = (byte) (seed >>> 8);
        bytes[4] = (byte) (seed >>> 16);
        return bytes;
    }

    public static byte[] frame(byte[] payload) {
        ByteBuf in = Unpooled.wrappedBuffer(payload);
        ByteBuf out = Unpooled.buffer();
        try {
            HdlcEncoder.encode(in, out);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        }
        finally {
            in.release();
            out.release();
        }
    }

    public static void send(Socket socket, byte[] payload) throws IOException {
        socket.getOutputStream().write(frame(payload));
        socket.getOutputStream().flush();
    }

    /** A buffered reader of the socket's input, for {@link #readFrame}. */
    public static InputStream reader(Socket socket) throws IOException {
        return new java.io.BufferedInputStream(socket.getInputStream());
    }

    /** Reads one HDLC frame (FLAG .. FLAG) and returns its unescaped payload. */
    public static byte[] readFrame(InputStream in) throws IOException {
        int b;
        do {
            b = in.read();
            if (b < 0) {
                throw new IOException("closed before a frame started");
            }
        }
        while (b != (Hdlc.FLAG & 0xff));
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        while (true) {
            b = in.read();
            if (b < 0) {
                throw new IOException("closed inside a frame");
            }
            if (b == (Hdlc.FLAG & 0xff)) {
                if (payload.size() == 0) {
                    continue;
                }
                return payload.toByteArray();
            }
            if (b == (Hdlc.ESC & 0xff)) {
                b = in.read() ^ Hdlc.ESC_MASK;
            }
            payload.write(b);
        }
    }

    /**
     * True once the node has closed the socket: a read sees end of stream (or a reset).
     */
    static boolean closedByNode(Socket socket) {
        try {
            socket.setSoTimeout(5_000);
            InputStream in = socket.getInputStream();
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        }
        catch (java.net.SocketTimeoutException e) {
            return false;
        }
        catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() {
        synchronized (sockets) {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                }
                catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
        backbone.stop();
    }

}
