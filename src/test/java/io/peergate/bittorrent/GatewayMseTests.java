package io.peergate.bittorrent;

import static io.peergate.bittorrent.GatewayHarness.closedByPeer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peergate.bittorrent.wire.Handshakes;
import io.peergate.bittorrent.wire.InfoHash;
import io.peergate.bittorrent.wire.mse.MseResponder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.SocketException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Peers that open with Message Stream Encryption, through a real gateway, driven by
 * {@link MseTestPeer} (the JDK's crypto, none of the gateway's MSE code): both methods on
 * the peer leg, to a plaintext upstream and to one that requires MSE, 16 MiB each way
 * compared by SHA-256; and every way a handshake fails, each a counted reason and a
 * closed connection.
 */
class GatewayMseTests {

    private static final int STREAM = 16 << 20;

    private static GatewayHarness gateway(MseResponder.Selection select) {
        GatewayHarness.Settings settings = new GatewayHarness.Settings();
        settings.encryption = new EncryptionSettings(true, select);
        settings.identifyTimeout = Duration.ofSeconds(2);
        return new GatewayHarness(settings);
    }

    /** A peer's full BitTorrent handshake: preamble and a peer id. */
    private static byte[] handshake(InfoHash hash, byte peer) {
        byte[] handshake = Arrays.copyOf(Handshakes.preamble(hash), 68);
        Arrays.fill(handshake, 48, 68, peer);
        return handshake;
    }

    static List<Arguments> streams() {
        return List.of(Arguments.of(MseTestPeer.RC4, UpstreamEncryption.PLAINTEXT, MseTestPeer.RC4, "mse-rc4"),
                Arguments.of(MseTestPeer.RC4 | MseTestPeer.PLAINTEXT, UpstreamEncryption.PLAINTEXT,
                        MseTestPeer.PLAINTEXT, "mse-plaintext"),
                Arguments.of(MseTestPeer.RC4, UpstreamEncryption.MSE, MseTestPeer.RC4, "mse-rc4"),
                Arguments.of(MseTestPeer.RC4 | MseTestPeer.PLAINTEXT, UpstreamEncryption.MSE, MseTestPeer.PLAINTEXT,
                        "mse-plaintext"));
    }

    @ParameterizedTest(name = "peer provides {0}, upstream {1}")
    @MethodSource("streams")
    void relaysSixteenMebibytesEachWay(int provide, UpstreamEncryption upstreamLeg, int selected, String stream)
            throws Exception {
        try (TestUpstream upstream = new TestUpstream();
                GatewayHarness harness = gateway(MseResponder.Selection.PREFER_PLAINTEXT)) {
            InfoHash hash = harness.register((byte) 0x51, "127.0.0.1", upstream.port(), upstreamLeg);
            Socket peerSocket = harness.connect();
            byte[] peerHandshake = handshake(hash, (byte) 'p');
            CompletableFuture<MseTestPeer.Session> peerSide = CompletableFuture.supplyAsync(() -> {
                try {
                    return new MseTestPeer(1).initiate(peerSocket, hash.toBytes(), provide, peerHandshake,
                            MseTestPeer.Spoil.NONE);
                }
                catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Socket upstreamSocket = upstream.next(5);
            InputStream fromGateway;
            OutputStream toGateway;
            if (upstreamLeg == UpstreamEncryption.MSE) {
                MseTestPeer.Session session = new MseTestPeer(2).respond(upstreamSocket, hash.toBytes(),
                        MseTestPeer.RC4);
                assertThat(session.method()).isEqualTo(MseTestPeer.RC4);
                fromGateway = new SequenceInputStream(new ByteArrayInputStream(session.initialPayload()), session.in());
                toGateway = session.out();
            }
            else {
                fromGateway = upstreamSocket.getInputStream();
                toGateway = upstreamSocket.getOutputStream();
            }
            MseTestPeer.Session peer = peerSide.get(10, TimeUnit.SECONDS);
            assertThat(peer.method()).isEqualTo(selected);

            assertThat(fromGateway.readNBytes(68)).isEqualTo(peerHandshake);
            byte[] upstreamHandshake = handshake(hash, (byte) 'u');
            toGateway.write(upstreamHandshake);
            toGateway.flush();
            assertThat(peer.in().readNBytes(68)).isEqualTo(upstreamHandshake);

            CompletableFuture<byte[]> up = send(peer.out(), 3);
            CompletableFuture<byte[]> down = send(toGateway, 4);
            CompletableFuture<byte[]> atUpstream = receive(fromGateway);
            CompletableFuture<byte[]> atPeer = receive(peer.in());
            assertThat(atUpstream.get(60, TimeUnit.SECONDS)).isEqualTo(up.get(60, TimeUnit.SECONDS));
            assertThat(atPeer.get(60, TimeUnit.SECONDS)).isEqualTo(down.get(60, TimeUnit.SECONDS));

            Torrent torrent = harness.registry.find(hash).orElseThrow();
            assertThat(torrent.stats().routedMse()).isEqualTo(1);
            assertThat(harness.meters.get("peergate.bittorrent.routed").tag("stream", stream).counter().count())
                .isEqualTo(1);
            assertThat(harness.meters.get("peergate.bittorrent.mse.handshakes")
                .tag("side", "peer")
                .tag("outcome", "established")
                .tag("method", selected == MseTestPeer.RC4 ? "rc4" : "plaintext")
                .counter()
                .count()).isEqualTo(1);
            if (upstreamLeg == UpstreamEncryption.MSE) {
                assertThat(harness.meters.get("peergate.bittorrent.mse.handshakes")
                    .tag("side", "upstream")
                    .tag("outcome", "established")
                    .counter()
                    .count()).isEqualTo(1);
            }
            await().until(() -> torrent.stats().bytesToUpstream() == 68 + STREAM
                    && torrent.stats().bytesFromUpstream() == 68 + STREAM);
        }
    }

    /** Writes {@code STREAM} random bytes; @return their SHA-256 */
    private static CompletableFuture<byte[]> send(OutputStream out, long seed) {
        return CompletableFuture.supplyAsync(() -> {
            MessageDigest digest = sha256();
            Random random = new Random(seed);
            byte[] chunk = new byte[64 * 1024];
            try {
                for (int sent = 0; sent < STREAM; sent += chunk.length) {
                    random.nextBytes(chunk);
                    digest.update(chunk);
                    out.write(chunk);
                }
                out.flush();
            }
            catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return digest.digest();
        });
    }

    /** Reads {@code STREAM} bytes; @return their SHA-256 */
    private static CompletableFuture<byte[]> receive(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            MessageDigest digest = sha256();
            byte[] chunk = new byte[64 * 1024];
            try {
                int received = 0;
                while (received < STREAM) {
                    int n = in.read(chunk, 0, Math.min(chunk.length, STREAM - received));
                    if (n < 0) {
                        throw new IOException("closed after " + received + " bytes");
                    }
                    digest.update(chunk, 0, n);
                    received += n;
                }
            }
            catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return digest.digest();
        });
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Arguments> spoiled() {
        return List.of(Arguments.of(MseTestPeer.Spoil.KEY_ONE, RejectReason.MSE_BAD_KEY),
                Arguments.of(MseTestPeer.Spoil.NO_SYNC, RejectReason.MSE_NO_SYNC),
                Arguments.of(MseTestPeer.Spoil.VC, RejectReason.MSE_BAD_VC),
                Arguments.of(MseTestPeer.Spoil.PAD_C_TOO_LONG, RejectReason.MSE_BAD_PADDING),
                Arguments.of(MseTestPeer.Spoil.IA_TOO_LONG, RejectReason.MSE_BAD_PAYLOAD));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("spoiled")
    void aSpoiledHandshakeIsCountedAndClosed(MseTestPeer.Spoil spoil, RejectReason reason) throws Exception {
        try (TestUpstream upstream = new TestUpstream();
                GatewayHarness harness = gateway(MseResponder.Selection.PREFER_PLAINTEXT)) {
            InfoHash hash = harness.register((byte) 0x52, upstream);
            assertRefused(harness, reason, MseTestPeer.RC4, hash.toBytes(), handshake(hash, (byte) 1), spoil);
            assertThat(upstream.poll(100)).isNull();
        }
    }

    @Test
    void unknownTorrentsMismatchedHandshakesAndMethodsAreRefused() throws Exception {
        try (TestUpstream upstream = new TestUpstream();
                GatewayHarness harness = gateway(MseResponder.Selection.RC4_ONLY)) {
            InfoHash hash = harness.register((byte) 0x53, upstream);
            InfoHash other = Handshakes.hash((byte) 0x54);
            assertRefused(harness, RejectReason.MSE_UNKNOWN_TORRENT, MseTestPeer.RC4, other.toBytes(),
                    handshake(other, (byte) 1), MseTestPeer.Spoil.NONE);
            assertRefused(harness, RejectReason.MSE_NO_COMMON_METHOD, MseTestPeer.PLAINTEXT, hash.toBytes(),
                    handshake(hash, (byte) 1), MseTestPeer.Spoil.NONE);
            // keyed for one torrent, a BitTorrent handshake for another
            harness.register((byte) 0x54, upstream);
            assertRefused(harness, RejectReason.MSE_NOT_BITTORRENT, MseTestPeer.RC4, hash.toBytes(),
                    handshake(other, (byte) 1), MseTestPeer.Spoil.NONE);
            byte[] garbage = new byte[68];
            Arrays.fill(garbage, (byte) 'x');
            assertRefused(harness, RejectReason.MSE_NOT_BITTORRENT, MseTestPeer.RC4, hash.toBytes(), garbage,
                    MseTestPeer.Spoil.NONE);
            assertThat(upstream.poll(100)).isNull();
        }
    }

    private static void assertRefused(GatewayHarness harness, RejectReason reason, int provide, byte[] infoHash,
            byte[] initialPayload, MseTestPeer.Spoil spoil) throws Exception {
        long before = harness.rejected(reason);
        Socket socket = harness.connect();
        try {
            MseTestPeer.Session session = new MseTestPeer(5).initiate(socket, infoHash, provide, initialPayload, spoil);
            if (session != null && session.method() == MseTestPeer.RC4) {
                session.in().read(); // the gateway may answer before it reads the payload
            }
        }
        catch (IOException e) {
            // closed by the gateway mid-handshake: expected
        }
        drainUntilClosed(socket);
        await().untilAsserted(() -> assertThat(harness.rejected(reason))
            .as("refused: %s %s", harness.stats.rejectedByReason(), harness.stats.mseHandshakes())
            .isEqualTo(before + 1));
        assertThat(harness.meters.get("peergate.bittorrent.mse.handshakes")
            .tag("side", "peer")
            .tag("outcome", reason.tag())
            .counter()
            .count()).isEqualTo(before + 1);
    }

    /**
     * Reads what the gateway still sends until it closes the connection (the read times
     * out otherwise); @return the bytes read
     */
    private static int drainUntilClosed(Socket socket) throws IOException {
        int read = 0;
        try {
            InputStream in = socket.getInputStream();
            for (int n = in.read(); n >= 0; n = in.read()) {
                read++;
            }
        }
        catch (SocketException e) {
            // reset: closed as well
        }
        return read;
    }

    @Test
    void tooMuchBeforeTheKeyAndTooSlowAHandshakeAreRefused() throws Exception {
        try (GatewayHarness harness = gateway(MseResponder.Selection.PREFER_PLAINTEXT)) {
            Socket flood = harness.connect();
            byte[] bytes = new byte[HeldBytes.MAX + 100];
            new Random(7).nextBytes(bytes);
            bytes[0] = 0x20;
            flood.getOutputStream().write(bytes);
            await().until(() -> closedByPeer(flood));
            assertThat(harness.rejected(RejectReason.MSE_TOO_LONG)).isEqualTo(1);

            Socket slow = harness.connect();
            slow.getOutputStream().write(new MseTestPeer(6).publicKey());
            assertThat(drainUntilClosed(slow)).as("the gateway's key and padding").isBetween(96, 96 + 512);
            assertThat(harness.rejected(RejectReason.TIMEOUT)).isEqualTo(1);
            await().until(() -> harness.meters.get("peergate.bittorrent.mse.handshakes")
                .tag("outcome", "abandoned")
                .counter()
                .count() == 1);
            await().until(() -> harness.stats.live() == 0 && harness.stats.pending() == 0);
        }
    }

    @Test
    void aTorrentAddedAtRuntimeIsReachableAtOnceAndGoneWhenRemoved() throws Exception {
        try (TestUpstream upstream = new TestUpstream();
                GatewayHarness harness = gateway(MseResponder.Selection.PREFER_RC4)) {
            InfoHash hash = Handshakes.hash((byte) 0x55);
            assertRefused(harness, RejectReason.MSE_UNKNOWN_TORRENT, MseTestPeer.RC4, hash.toBytes(),
                    handshake(hash, (byte) 1), MseTestPeer.Spoil.NONE);
            harness.register((byte) 0x55, upstream);
            Socket socket = harness.connect();
            MseTestPeer.Session session;
            try {
                session = new MseTestPeer(8).initiate(socket, hash.toBytes(), MseTestPeer.RC4 | MseTestPeer.PLAINTEXT,
                        handshake(hash, (byte) 2), MseTestPeer.Spoil.NONE);
            }
            catch (IOException e) {
                throw new AssertionError(
                        "refused: " + harness.stats.rejectedByReason() + " " + harness.stats.mseHandshakes(), e);
            }
            assertThat(session.method()).isEqualTo(MseTestPeer.RC4);
            assertThat(upstream.next(5).getInputStream().readNBytes(68)).isEqualTo(handshake(hash, (byte) 2));
            harness.registry.remove(hash);
            assertRefused(harness, RejectReason.MSE_UNKNOWN_TORRENT, MseTestPeer.RC4, hash.toBytes(),
                    handshake(hash, (byte) 1), MseTestPeer.Spoil.NONE);
        }
    }

    @Test
    void aPeerWhosePublicKeyStartsWith0x13IsNotTakenForAPlaintextOne() throws Exception {
        try (TestUpstream upstream = new TestUpstream();
                GatewayHarness harness = gateway(MseResponder.Selection.PREFER_PLAINTEXT)) {
            InfoHash hash = harness.register((byte) 0x57, upstream);
            MseTestPeer peer = MseTestPeer.withKeyStartingLikeAPlaintextHandshake(10);
            MseTestPeer.Session session = peer.initiate(harness.connect(), hash.toBytes(), MseTestPeer.RC4,
                    handshake(hash, (byte) 4), MseTestPeer.Spoil.NONE);
            assertThat(session.method()).isEqualTo(MseTestPeer.RC4);
            assertThat(upstream.next(5).getInputStream().readNBytes(68)).isEqualTo(handshake(hash, (byte) 4));
            assertThat(harness.rejected(RejectReason.NOT_BITTORRENT)).isZero();
        }
    }

    @Test
    void anMseUpstreamThatFailsItsHandshakeIsCounted() throws Exception {
        try (TestUpstream upstream = new TestUpstream();
                GatewayHarness harness = gateway(MseResponder.Selection.PREFER_PLAINTEXT)) {
            InfoHash hash = harness.register((byte) 0x56, "127.0.0.1", upstream.port(), UpstreamEncryption.MSE);
            Socket socket = harness.connect();
            CompletableFuture<MseTestPeer.Session> peer = CompletableFuture.supplyAsync(() -> {
                try {
                    return new MseTestPeer(9).initiate(socket, hash.toBytes(), MseTestPeer.RC4,
                            handshake(hash, (byte) 3), MseTestPeer.Spoil.NONE);
                }
                catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Socket server = upstream.next(5);
            assertThat(server.getInputStream().readNBytes(96)).hasSize(96); // the
                                                                            // gateway's
                                                                            // key
            server.getOutputStream().write(new byte[700]); // not a key, and no answer
            await().until(() -> harness.rejected(RejectReason.UPSTREAM_MSE_FAILED) == 1);
            peer.get(10, TimeUnit.SECONDS);
            drainUntilClosed(socket);
            assertThat(harness.meters.get("peergate.bittorrent.mse.handshakes")
                .tag("side", "upstream")
                .tag("outcome", "failed")
                .counter()
                .count()).isEqualTo(1);
        }
    }

}
