package io.peergate.backbone;

import static io.peergate.backbone.BackboneHarness.payload;
import static io.peergate.backbone.BackboneHarness.readFrame;
import static io.peergate.backbone.BackboneHarness.reader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.Unpooled;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * A peer that cannot keep up loses frames, not its connection; only a peer whose writes
 * make no progress at all is cut; nobody else notices.
 */
class SendQueueTests {

    private static final int FRAME = 1024;

    @Test
    void aPeerThatReadsSlowlyKeepsItsConnectionWhileFramesAreDroppedForIt() throws Exception {
        try (BackboneHarness harness = new BackboneHarness(
                new BackboneHarness.Server().writeStallTimeout(Duration.ofSeconds(5)))) {
            Socket[] sender = new Socket[1];
            Socket[] fast = new Socket[1];
            harness.connectPeer(sender);
            harness.connectPeer(fast);
            Socket slowSocket = harness.connect(harness.server(), 4096);
            await().until(() -> harness.server().live() == 3);
            BackbonePeer slow = harness.server().peers().get(2);

            List<Integer> slowGot = new CopyOnWriteArrayList<>();
            Thread slowReader = new Thread(() -> {
                try {
                    InputStream in = reader(slowSocket);
                    while (true) {
                        slowGot.add(seedOf(readFrame(in)));
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // ~500
                                                                                 // KB/s
                    }
                }
                catch (Exception e) {
                    // the socket closes at the end of the test
                }
            }, "slow-reader");
            slowReader.setDaemon(true);
            slowReader.start();

            // More than the kernel's buffers (4 MB at most here) hold for the slow peer,
            // at a pace the fast reader keeps up with.
            int frames = 12_000;
            Thread writer = writer(sender[0], frames, 32);
            java.io.ByteArrayOutputStream fastGot = bulkReader(fast[0]);
            long[] mostQueued = { 0 };
            assertEveryFrameArrives(fastGot, frames, Duration.ofSeconds(5),
                    () -> mostQueued[0] = Math.max(mostQueued[0], slow.pendingBytes()));
            writer.join();

            assertThat(slow.queueFullDrops()).isPositive();
            assertThat(harness.counter("peergate.backbone.dropped", "interface", "test", "reason", "queue-full"))
                .isEqualTo(slow.queueFullDrops());
            // max-queued plus one frame, plus Netty's count of its per-write overhead
            assertThat(mostQueued[0]).isLessThanOrEqualTo(512 * 1024 + FRAME + 6 + 16 * 1024);
            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(slow::isOpen);
            assertThat(slowGot).isNotEmpty().isSorted();
            assertThat(slowGot.size() + slow.queueFullDrops()).isLessThanOrEqualTo(frames);
            assertThat(harness.count(BackboneEvent.PeerDisconnected.class)).isZero();
            assertThat(harness.count(BackboneEvent.Penalty.class)).isZero();
            assertThat(harness.counter("peergate.backbone.read.pauses", "interface", "test"))
                .as("one slow destination of two never pauses the sender")
                .isZero();
            slowSocket.close();
        }
    }

    @Test
    void smallAndLargeFramesSharedByManyPeersArriveIntactAndInOrder() throws Exception {
        try (BackboneHarness harness = new BackboneHarness()) {
            Socket[] sender = new Socket[1];
            harness.connectPeer(sender);
            List<InputStream> readers = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Socket[] reader = new Socket[1];
                harness.connectPeer(reader);
                readers.add(reader(reader[0]));
            }
            int[] sizes = { 20, 100, 2048, 2049, 3000, 70_000, 64 };
            for (int i = 0; i < 70; i++) {
                BackboneHarness.send(sender[0], payload(sizes[i % sizes.length], i));
            }
            for (InputStream in : readers) {
                for (int i = 0; i < 70; i++) {
                    assertThat(readFrame(in)).isEqualTo(payload(sizes[i % sizes.length], i));
                }
            }
        }
    }

    @Test
    void whenMostDestinationsAreFullTheSendersReadsPauseInsteadOfSheddingEverything() throws Exception {
        try (BackboneHarness harness = new BackboneHarness(
                new BackboneHarness.Server().writeStallTimeout(Duration.ZERO))) {
            Socket[] sender = new Socket[1];
            BackbonePeer flooder = harness.connectPeer(sender);
            harness.connect(harness.server(), 4096); // the only destination, never reads
            await().until(() -> harness.server().live() == 2);
            writer(sender[0], 20_000, 0); // blocks once the node stops reading
            await().until(() -> harness.counter("peergate.backbone.read.pauses", "interface", "test") > 0);
            assertThat(flooder.isOpen()).isTrue();
            sender[0].close();
        }
    }

    @Test
    void connectionsThatNeverReadCannotHoldUpTheHubForTheOthers() throws Exception {
        try (BackboneHarness harness = new BackboneHarness(
                new BackboneHarness.Server().writeStallTimeout(Duration.ZERO))) {
            Socket[] sender = new Socket[1];
            Socket[] fast = new Socket[1];
            harness.connectPeer(sender);
            harness.connectPeer(fast);
            harness.connect(harness.server(), 4096); // two of three destinations never
                                                     // read
            harness.connect(harness.server(), 4096);
            await().until(() -> harness.server().live() == 4);

            int frames = 12_000;
            java.io.ByteArrayOutputStream fastGot = bulkReader(fast[0]);
            writer(sender[0], frames, 0);
            assertEveryFrameArrives(fastGot, frames, Duration.ofSeconds(30), () -> {
            });
            assertThat(harness.counter("peergate.backbone.dropped", "interface", "test", "reason", "queue-full"))
                .as("shed for the two that never read")
                .isPositive();
        }
    }

    @Test
    void aChangedMaxQueuedAppliesToPeersAlreadyConnected() throws Exception {
        try (BackboneHarness harness = new BackboneHarness(
                new BackboneHarness.Server().writeStallTimeout(Duration.ZERO))) {
            harness.connect(harness.server(), 4096); // never reads
            await().until(() -> harness.server().live() == 1);
            BackbonePeer peer = harness.server().peers().get(0);

            setMaxQueued(harness, DataSize.ofKilobytes(8));
            int seed = 0;
            while (peer.queueFullDrops() == 0) {
                peer.send(Unpooled.wrappedBuffer(payload(FRAME, seed++)));
            }
            assertThat(peer.pendingBytes()).isLessThanOrEqualTo(8 * 1024 + FRAME + 6 + 1024);

            setMaxQueued(harness, DataSize.ofKilobytes(256));
            long drops = peer.queueFullDrops();
            long mostQueued = 0;
            while (peer.queueFullDrops() == drops) {
                peer.send(Unpooled.wrappedBuffer(payload(FRAME, seed++)));
                mostQueued = Math.max(mostQueued, peer.pendingBytes());
            }
            assertThat(mostQueued).isGreaterThan(64 * 1024);
            assertThat(peer.isOpen()).isTrue();
        }
    }

    private static void setMaxQueued(BackboneHarness harness, DataSize maxQueued) {
        ServerSettings current = harness.server().settings().current();
        harness.server()
            .settings()
            .set(new ServerSettings(current.maxConnections(), current.idleTimeout(), current.writeStallTimeout(),
                    maxQueued, current.onQueueFull(), current.ingress(), current.abuse(), current.announceControl()));
    }

    /** What one peer over an ingress limit got through to another. */
    private record Flooded(BackbonePeer flooder, long relayed) {
    }

    /**
     * One peer writes {@code frames} frames of {@link #FRAME} bytes at once; returns once
     * each was either relayed to the other peer or dropped at the ingress limit.
     */
    private static Flooded flood(BackboneHarness harness, int frames) throws Exception {
        Socket[] flood = new Socket[1];
        Socket[] other = new Socket[1];
        BackbonePeer flooder = harness.connectPeer(flood);
        harness.connectPeer(other);
        AtomicLong got = counting(other[0]);
        writer(flood[0], frames, 0).join();
        await().until(() -> got.get() + flooder.ingressLimitDrops() == frames);
        return new Flooded(flooder, got.get());
    }

    @Test
    void framesOverAPeersIngressLimitAreDroppedBeforeTheRelay() throws Exception {
        try (BackboneHarness harness = new BackboneHarness(new BackboneHarness.Server()
            .ingress(new IngressSettings(20, 20, DataSize.ofBytes(0), DataSize.ofBytes(0))))) {
            Flooded flooded = flood(harness, 200);
            assertThat(flooded.flooder().ingressLimitDrops()).isGreaterThanOrEqualTo(150);
            assertThat(flooded.relayed()).isGreaterThanOrEqualTo(20);
            assertThat(harness.counter("peergate.backbone.dropped", "interface", "test", "reason", "ingress-limit"))
                .isEqualTo(flooded.flooder().ingressLimitDrops());
            assertThat(flooded.flooder().isOpen()).isTrue();
        }
    }

    @Test
    void aByteRateLimitCountsFrameBytes() throws Exception {
        try (BackboneHarness harness = new BackboneHarness(new BackboneHarness.Server()
            .ingress(new IngressSettings(0, 0, DataSize.ofKilobytes(10), DataSize.ofKilobytes(10))))) {
            assertThat(flood(harness, 100).relayed()).isBetween(10L, 30L);
        }
    }

    @Test
    void aPeerThatFloodsAgainAndAgainIsBlacklistedAndItsVictimsAreNot() throws Exception {
        var defaults = BackboneHarness.abuse(false, 5);
        var abuse = new io.peergate.backbone.abuse.AbuseSettings(defaults.flapping(), defaults.idleTimeouts(),
                defaults.writeStalls(),
                new io.peergate.backbone.abuse.AbuseSettings.Repeats(true, 1, Duration.ofMinutes(10)),
                defaults.basePenalty(), defaults.maxPenaltyDuration(), defaults.penaltyDecayInterval(), List.of());
        try (BackboneHarness harness = new BackboneHarness(new BackboneHarness.Server().abuse(abuse)
            .ingress(new IngressSettings(5, 5, DataSize.ofBytes(0), DataSize.ofBytes(0))))) {
            Socket[] flood = new Socket[1];
            Socket[] victim = new Socket[1];
            BackbonePeer flooder = harness.connectPeerFrom("127.0.0.2", flood);
            BackbonePeer reader = harness.connectPeerFrom("127.0.0.3", victim);
            counting(victim[0]);

            OutputStream out = flood[0].getOutputStream();
            int[] seed = { 0 };
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                try {
                    for (int i = 0; i < 20; i++) {
                        out.write(BackboneHarness.frame(payload(64, seed[0]++)));
                    }
                    out.flush();
                }
                catch (java.io.IOException e) {
                    // closed by the node: the penalty below tells
                }
                return harness.count(BackboneEvent.Penalty.class) > 0;
            });
            BackboneEvent.Penalty penalty = harness.awaitEvent(BackboneEvent.Penalty.class, e -> true);
            assertThat(penalty.rule()).isEqualTo("flooding");
            assertThat(penalty.ip().getHostAddress()).isEqualTo("127.0.0.2");
            BackboneEvent.PeerDisconnected gone = harness.awaitEvent(BackboneEvent.PeerDisconnected.class,
                    e -> e.peer().equals(flooder.name()));
            assertThat(gone.reason()).isEqualTo(DisconnectReason.BLACKLISTED);
            assertThat(reader.isOpen()).isTrue();
            assertThat(harness.server().monitorEntries())
                .filteredOn(entry -> entry.ip().getHostAddress().equals("127.0.0.3"))
                .allSatisfy(entry -> {
                    assertThat(entry.penaltyLevel()).isZero();
                    assertThat(entry.blacklistReason()).isNull();
                });
            assertThat(harness.count(BackboneEvent.Penalty.class)).isEqualTo(1);
        }
    }

    /**
     * Writes {@code frames} frames of {@link #FRAME} bytes, seeds 0..; with a positive
     * {@code burst}, that many at a time every 5 ms, else as fast as it can.
     */
    private static Thread writer(Socket socket, int frames, int burst) {
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = new java.io.BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
                for (int i = 0; i < frames; i++) {
                    out.write(BackboneHarness.frame(payload(FRAME, i)));
                    if (burst > 0 && i % burst == burst - 1) {
                        out.flush();
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                    }
                }
                out.flush();
            }
            catch (java.io.IOException e) {
                // closed by the test
            }
        }, "writer");
        writer.setDaemon(true);
        writer.start();
        return writer;
    }

    /**
     * Waits until {@code got} (a {@link #bulkReader}) holds the wire bytes of frames
     * 0..{@code frames}-1, running {@code onPoll} at each look, then checks each frame
     * arrived once and in order. Taking bytes in bulk and decoding afterwards keeps even
     * a cold JVM on a busy machine up with the relay.
     */
    private static void assertEveryFrameArrives(java.io.ByteArrayOutputStream got, int frames, Duration within,
            Runnable onPoll) throws java.io.IOException {
        long wireBytes = 0;
        for (int i = 0; i < frames; i++) {
            wireBytes += BackboneHarness.frame(payload(FRAME, i)).length;
        }
        long expected = wireBytes;
        await().atMost(within).pollInterval(Duration.ofMillis(1)).until(() -> {
            onPoll.run();
            synchronized (got) {
                return got.size() >= expected;
            }
        });
        InputStream in;
        synchronized (got) {
            in = new java.io.ByteArrayInputStream(got.toByteArray());
        }
        for (int i = 0; i < frames; i++) {
            assertThat(seedOf(readFrame(in))).isEqualTo(i);
        }
    }

    /** Reads everything {@code socket} receives in the background, as it comes. */
    private static java.io.ByteArrayOutputStream bulkReader(Socket socket) {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try {
                InputStream in = socket.getInputStream();
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (got) {
                        got.write(buffer, 0, n);
                    }
                }
            }
            catch (Exception e) {
                // the socket closes at the end of the test
            }
        }, "bulk-reader");
        thread.setDaemon(true);
        thread.start();
        return got;
    }

    /** Reads frames from {@code socket} in the background, counting them. */
    private static AtomicLong counting(Socket socket) {
        AtomicLong got = new AtomicLong();
        Thread thread = new Thread(() -> {
            try {
                InputStream in = reader(socket);
                while (true) {
                    readFrame(in);
                    got.incrementAndGet();
                }
            }
            catch (Exception e) {
                // the socket closes at the end of the test
            }
        }, "counting-reader");
        thread.setDaemon(true);
        thread.start();
        return got;
    }

    private static int seedOf(byte[] payload) {
        return (payload[2] & 0xff) | (payload[3] & 0xff) << 8 | (payload[4] & 0xff) << 16;
    }

}
