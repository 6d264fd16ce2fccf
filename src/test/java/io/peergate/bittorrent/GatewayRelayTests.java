package io.peergate.bittorrent;

import static io.peergate.bittorrent.GatewayHarness.closedByPeer;
import static io.peergate.bittorrent.wire.Handshakes.preamble;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peergate.bittorrent.wire.InfoHash;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The proxy half: byte-for-byte relay both ways, backpressure with bounded buffering,
 * half-close.
 */
class GatewayRelayTests {

    private static final int BULK = 64 * 1024 * 1024;

    /**
     * What Netty makes at every close without a stack trace (the close of a channel
     * already closing, the epoll removal of a closed descriptor): cheap, and not the
     * relay's to avoid.
     */
    private static final Set<String> NETTY_STACKLESS = Set.of("io.netty.channel.StacklessClosedChannelException",
            "io.netty.channel.unix.Errors$NativeIoException");

    /** Writes {@code total} seeded random bytes, returning their SHA-256. */
    private static byte[] sendRandom(OutputStream out, long seed, int total) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random random = new Random(seed);
        byte[] chunk = new byte[64 * 1024];
        for (int sent = 0; sent < total; sent += chunk.length) {
            random.nextBytes(chunk);
            int n = Math.min(chunk.length, total - sent);
            sha.update(chunk, 0, n);
            out.write(chunk, 0, n);
        }
        out.flush();
        return sha.digest();
    }

    private static byte[] receiveDigest(InputStream in, int total) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[64 * 1024];
        int received = 0;
        while (received < total) {
            int n = in.read(chunk, 0, Math.min(chunk.length, total - received));
            if (n < 0) {
                throw new AssertionError("stream ended after " + received + " of " + total + " bytes");
            }
            sha.update(chunk, 0, n);
            received += n;
        }
        return sha.digest();
    }

    @Test
    void sixtyFourMebibytesEachWayArriveIdentical() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); GatewayHarness harness = new GatewayHarness()) {
            InfoHash hash = harness.register((byte) 0x5A, upstream);
            Socket client = harness.connect();
            client.getOutputStream().write(preamble(hash));
            Socket server = upstream.next(5);
            new DataInputStream(server.getInputStream()).readFully(new byte[48]);

            CompletableFuture<byte[]> clientSent = CompletableFuture
                .supplyAsync(() -> call(() -> sendRandom(client.getOutputStream(), 1, BULK)));
            CompletableFuture<byte[]> serverSent = CompletableFuture
                .supplyAsync(() -> call(() -> sendRandom(server.getOutputStream(), 2, BULK)));
            CompletableFuture<byte[]> serverGot = CompletableFuture
                .supplyAsync(() -> call(() -> receiveDigest(server.getInputStream(), BULK)));
            CompletableFuture<byte[]> clientGot = CompletableFuture
                .supplyAsync(() -> call(() -> receiveDigest(client.getInputStream(), BULK)));

            assertThat(serverGot.get(120, TimeUnit.SECONDS)).isEqualTo(clientSent.get(120, TimeUnit.SECONDS));
            assertThat(clientGot.get(120, TimeUnit.SECONDS)).isEqualTo(serverSent.get(120, TimeUnit.SECONDS));
            Torrent torrent = harness.registry.find(hash).orElseThrow();
            await().until(() -> torrent.stats().bytesToUpstream() == 48L + BULK
                    && torrent.stats().bytesFromUpstream() == BULK);
            assertThat(
                    harness.meters.get("peergate.bittorrent.bytes").tag("direction", "from-upstream").counter().count())
                .isEqualTo((double) BULK);
        }
    }

    @Test
    void stalledReaderDoesNotGrowTheNodesBuffers() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); GatewayHarness harness = new GatewayHarness()) {
            InfoHash hash = harness.register((byte) 0x5B, upstream);
            Socket client = harness.connect();
            client.getOutputStream().write(preamble(hash));
            Socket server = upstream.next(5); // never reads from the client side

            // The upstream floods a client that does not read.
            AtomicLong pushed = new AtomicLong();
            Thread flooder = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    OutputStream out = server.getOutputStream();
                    while (pushed.get() < BULK) {
                        out.write(chunk);
                        pushed.addAndGet(chunk.length);
                    }
                }
                catch (Exception ignored) {
                    // socket closed at the end of the test
                }
            });
            flooder.setDaemon(true);
            flooder.start();

            // The flood stalls: kernel buffers fill, the node pauses reading, the writer
            // blocks.
            AtomicLong last = new AtomicLong(-1);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                long now = pushed.get();
                return now > 0 && now == last.getAndSet(now);
            });
            assertThat(pushed.get()).isLessThan(BULK);
            // The node itself holds at most the high water mark plus one read for the
            // stalled peer.
            assertThat(harness.gateway.queuedToPeers())
                .isLessThanOrEqualTo(InboundHandler.WATER_MARK.high() + (long) InboundHandler.MAX_READ);

            // Once the client reads, everything flows again.
            InputStream in = client.getInputStream();
            byte[] buf = new byte[64 * 1024];
            long read = 0;
            while (read < pushed.get() - 1024 * 1024) {
                int n = in.read(buf);
                assertThat(n).isPositive();
                read += n;
            }
            server.close();
        }
    }

    @Test
    void halfCloseIsPropagatedAndTheOtherDirectionKeepsFlowing() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); GatewayHarness harness = new GatewayHarness()) {
            InfoHash hash = harness.register((byte) 0x5C, upstream);
            Socket client = harness.connect();
            client.getOutputStream().write(preamble(hash));
            client.getOutputStream().write("last words".getBytes());
            client.shutdownOutput();

            Socket server = upstream.next(5);
            DataInputStream fromClient = new DataInputStream(server.getInputStream());
            fromClient.readFully(new byte[48 + 10]);
            assertThat(fromClient.read()).as("upstream sees the client's end").isEqualTo(-1);

            server.getOutputStream().write("still here".getBytes());
            byte[] reply = new byte[10];
            new DataInputStream(client.getInputStream()).readFully(reply);
            assertThat(new String(reply)).isEqualTo("still here");

            server.shutdownOutput();
            await().until(() -> closedByPeer(client));
            await().until(() -> harness.stats.live() == 0);
        }
    }

    @Test
    void halfOpenRelayIsClosedAfterTheTimeout() throws Exception {
        GatewayHarness.Settings settings = new GatewayHarness.Settings();
        settings.halfCloseTimeout = Duration.ofMillis(500);
        try (TestUpstream upstream = new TestUpstream(); GatewayHarness harness = new GatewayHarness(settings)) {
            InfoHash hash = harness.register((byte) 0x5D, upstream);
            Socket client = harness.connect();
            client.getOutputStream().write(preamble(hash));
            client.shutdownOutput();
            Socket server = upstream.next(5);
            // The upstream never finishes its side: the gateway closes both after the
            // timeout.
            await().atMost(Duration.ofSeconds(5)).until(() -> harness.stats.live() == 0);
            await().until(() -> closedByPeer(client));
            await().until(() -> harness.stats.relaysClosed(RelayCloseReason.HALF_CLOSE_TIMEOUT) == 1);
            server.close();
        }
    }

    /**
     * A peer that routes, gets its answer and leaves, as under a burst of new peers,
     * costs the node no exception: Netty's output shutdown made one per relay, and the
     * input shutdown of a socket the kernel had already closed another, each with its
     * stack trace (5 % of the gateway's CPU under churn).
     */
    @Test
    void aShortRelayCreatesNoThrowable() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); GatewayHarness harness = new GatewayHarness()) {
            InfoHash hash = harness.register((byte) 0x5E, upstream);
            shortRelays(harness, upstream, hash, 20); // class loading, first-time paths
            int relays = 200;
            List<String> created = Throwables.createdDuring(() -> shortRelays(harness, upstream, hash, relays))
                .stream()
                .filter(name -> !NETTY_STACKLESS.contains(name))
                .toList();
            assertThat(created).as("throwables created over %d relays", relays).hasSizeLessThan(relays / 10);
            assertThat(harness.stats.relaysClosed(RelayCloseReason.CLOSED)).isEqualTo(relays + 20);
        }
    }

    /**
     * {@code count} times: the peer sends its handshake, the upstream answers with its
     * own, the peer reads it and closes, the upstream reads the end and closes.
     */
    private static void shortRelays(GatewayHarness harness, TestUpstream upstream, InfoHash hash, int count)
            throws Exception {
        long closedBefore = harness.stats.relaysClosed(RelayCloseReason.CLOSED);
        byte[] handshake = new byte[68];
        for (int i = 0; i < count; i++) {
            try (Socket client = harness.connect()) {
                client.getOutputStream().write(preamble(hash));
                client.getOutputStream().write(new byte[20]);
                try (Socket server = upstream.next(5)) {
                    DataInputStream fromClient = new DataInputStream(server.getInputStream());
                    fromClient.readFully(handshake);
                    server.getOutputStream().write(handshake);
                    new DataInputStream(client.getInputStream()).readFully(handshake);
                    client.close();
                    assertThat(fromClient.read()).as("upstream sees the peer's end").isEqualTo(-1);
                }
            }
        }
        await().until(() -> harness.stats.relaysClosed(RelayCloseReason.CLOSED) == closedBefore + count);
    }

    private interface Call<T> {

        T run() throws Exception;

    }

    private static <T> T call(Call<T> call) {
        try {
            return call.run();
        }
        catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

}
