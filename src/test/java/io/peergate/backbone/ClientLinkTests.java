package io.peergate.backbone;

import static io.peergate.backbone.BackboneHarness.payload;
import static io.peergate.backbone.BackboneHarness.readFrame;
import static io.peergate.backbone.BackboneHarness.reader;
import static io.peergate.backbone.BackboneHarness.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.peergate.backbone.actuate.ClientLinkHealthIndicator;
import io.peergate.backbone.config.InterfaceMode;
import io.peergate.backbone.config.InterfaceProperties;
import io.peergate.testing.MutableClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import reactor.netty.resources.LoopResources;

/**
 * A client link over real sockets, with its timing in the test's hands: a clock the test
 * moves, a fixed random source, and waits that run only when the test says so.
 */
class ClientLinkTests {

    /**
     * Records each wait the link asks for; runs it when the test calls {@link #fire()}.
     */
    static final class ManualDelays implements ClientLink.Delays {

        final List<Duration> asked = new CopyOnWriteArrayList<>();

        private final List<Runnable> due = new CopyOnWriteArrayList<>();

        @Override
        public Future<?> after(Duration delay, Runnable task) {
            asked.add(delay);
            due.add(task);
            return new CompletableFuture<>();
        }

        void fire() {
            Runnable task = due.remove(0);
            task.run();
        }

        int waiting() {
            return due.size();
        }

    }

    private final MutableClock clock = new MutableClock();

    private final ManualDelays delays = new ManualDelays();

    private final List<BackboneEvent> events = new CopyOnWriteArrayList<>();

    private final LoopResources loops = LoopResources.create("test-link", 1, 2, true);

    private final List<AutoCloseable> closeables = new ArrayList<>();

    private ClientLink link;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void tearDown() throws Exception {
        if (link != null) {
            link.stop();
        }
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).block(Duration.ofSeconds(5));
    }

    private ClientLink link(int port, Integer maxTries) {
        InterfaceProperties properties = new InterfaceProperties("uplink", InterfaceMode.CLIENT, "0.0.0.0", port,
                "127.0.0.1", -1, Duration.ZERO, Duration.ofSeconds(30), DataSize.ofKilobytes(512), QueueFullAction.DROP,
                IngressSettings.OFF, DataSize.ofMegabytes(1), Duration.ofSeconds(2), Duration.ofMillis(100), maxTries,
                BackboneHarness.abuse(false, 5), AnnounceControlSettings.OFF);
        link = new ClientLink(properties.clientSpec(), new FrameRelay(64),
                new java.util.concurrent.atomic.AtomicLong()::incrementAndGet, events::add, meters, clock,
                new ReconnectPolicy(() -> 0.5));
        return link;
    }

    private ServerSocket listener() throws Exception {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setSoTimeout(10_000);
        closeables.add(server);
        return server;
    }

    private Socket accept(ServerSocket server) throws Exception {
        Socket socket = server.accept();
        socket.setSoTimeout(10_000);
        closeables.add(socket);
        return socket;
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private <E extends BackboneEvent> long count(Class<E> type) {
        return events.stream().filter(type::isInstance).count();
    }

    @Test
    void connects() throws Exception {
        ServerSocket server = listener();
        link(server.getLocalPort(), 2).start(loops, delays);
        accept(server);
        await().until(() -> count(BackboneEvent.LinkUp.class) == 1);
        assertThat(link.state()).isEqualTo(ClientLink.State.CONNECTED);
        assertThat(link.status().peer()).isEqualTo("uplink/1");
        assertThat(link.status().connectedSince()).isEqualTo(clock.instant());
    }

    @Test
    void receivesAndSendsFrames() throws Exception {
        ServerSocket server = listener();
        FrameRelay relay = new FrameRelay(64);
        link(server.getLocalPort(), 2);
        link = new ClientLink(link.spec(), relay, new java.util.concurrent.atomic.AtomicLong()::incrementAndGet,
                events::add, new SimpleMeterRegistry(), clock, new ReconnectPolicy(() -> 0.5));
        link.start(loops, delays);
        Socket remote = accept(server);
        await().until(() -> link.state() == ClientLink.State.CONNECTED);

        byte[] fromRemote = payload(32, 1);
        send(remote, fromRemote);
        await().until(() -> link.meters().framesIn() == 1);
        assertThat(relay.relayed()).isEqualTo(1);

        byte[] toRemote = payload(24, 2);
        assertThat(relay.size()).isEqualTo(1);
        link.peer().send(Unpooled.copiedBuffer(toRemote));
        assertThat(readFrame(reader(remote))).isEqualTo(toRemote);
    }

    @Test
    void reconnectsAfterTheRemoteDropsIt() throws Exception {
        ServerSocket server = listener();
        link(server.getLocalPort(), 2).start(loops, delays);
        accept(server).close();
        await().until(() -> count(BackboneEvent.LinkDown.class) == 1);
        await().until(() -> delays.waiting() == 1);
        assertThat(link.state()).isEqualTo(ClientLink.State.WAITING);
        assertThat(delays.asked).containsExactly(Duration.ofMillis(100));
        delays.fire();
        accept(server);
        await().until(() -> count(BackboneEvent.LinkUp.class) == 2);
        BackboneEvent.LinkUp up = (BackboneEvent.LinkUp) events.stream()
            .filter(BackboneEvent.LinkUp.class::isInstance)
            .reduce((a, b) -> b)
            .orElseThrow();
        assertThat(up.attempt()).isEqualTo(1);
    }

    @Test
    void backsOffPerFailedAttemptAndGivesUpAfterMaxTries() throws Exception {
        link(closedPort(), 3).start(loops, delays);
        for (int attempt = 0; attempt < 3; attempt++) {
            int asked = attempt + 1;
            await().until(() -> delays.waiting() == 1 && delays.asked.size() == asked);
            delays.fire();
        }
        await().until(() -> link.state() == ClientLink.State.GAVE_UP);
        assertThat(delays.asked).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(400));
        assertThat(count(BackboneEvent.LinkConnectFailed.class)).isEqualTo(4);
        BackboneEvent.LinkGaveUp gaveUp = (BackboneEvent.LinkGaveUp) events.stream()
            .filter(BackboneEvent.LinkGaveUp.class::isInstance)
            .findFirst()
            .orElseThrow();
        assertThat(gaveUp.attempts()).isEqualTo(3);
        assertThat(gaveUp.lastError()).contains("Connection refused");
        assertThat(link.status().attempts()).isEqualTo(3);
        for (ClientLink.State state : ClientLink.State.values()) {
            assertThat(meters.get("peergate.backbone.link.state")
                .tags("interface", "uplink", "state", state.tag())
                .gauge()
                .value()).as(state.tag()).isEqualTo(state == ClientLink.State.GAVE_UP ? 1 : 0);
        }
    }

    /**
     * A new reconnect wait and try limit, the rest of the link's settings as they are.
     */
    private void changeWait(Duration reconnectWait, Integer maxReconnectTries) {
        ClientSettings current = link.settings().current();
        link.settings()
            .set(new ClientSettings(current.connectTimeout(), reconnectWait, maxReconnectTries,
                    current.writeStallTimeout(), current.maxQueued(), current.onQueueFull(),
                    current.announceControl()));
    }

    @Test
    void readsItsSettingsAgainAtEveryAttempt() throws Exception {
        link(closedPort(), null).start(loops, delays);
        await().until(() -> delays.asked.size() == 1);
        changeWait(Duration.ofSeconds(1), 1);
        delays.fire();
        await().until(() -> link.state() == ClientLink.State.GAVE_UP);
        assertThat(delays.asked).containsExactly(Duration.ofMillis(100));
    }

    @Test
    void aChangedWaitAppliesToTheNextAttempt() throws Exception {
        link(closedPort(), null).start(loops, delays);
        await().until(() -> delays.asked.size() == 1);
        changeWait(Duration.ofSeconds(1), null);
        delays.fire();
        await().until(() -> delays.asked.size() == 2);
        assertThat(delays.asked).containsExactly(Duration.ofMillis(100), Duration.ofSeconds(2));
    }

    @Test
    void aLinkDroppedSoonWithoutDataCountsAsAFailedAttempt() throws Exception {
        ServerSocket server = listener();
        link(server.getLocalPort(), null).start(loops, delays);
        for (int i = 0; i < 3; i++) {
            accept(server).close(); // accepts and drops at once
            int asked = i + 1;
            await().until(() -> delays.asked.size() == asked);
            delays.fire();
        }
        assertThat(delays.asked).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(400));
        assertThat(events.stream()
            .filter(BackboneEvent.LinkDown.class::isInstance)
            .allMatch(e -> ((BackboneEvent.LinkDown) e).countedAsFailure())).isTrue();
    }

    @Test
    void aLinkThatLastedOrReceivedDataStartsTheCountOver() throws Exception {
        ServerSocket server = listener();
        link(server.getLocalPort(), null).start(loops, delays);
        accept(server).close();
        await().until(() -> delays.asked.size() == 1);
        delays.fire();
        Socket second = accept(server);
        await().until(() -> link.state() == ClientLink.State.CONNECTED);
        clock.advance(Duration.ofSeconds(21));
        second.close();
        await().until(() -> delays.asked.size() == 2);
        delays.fire();
        Socket third = accept(server);
        await().until(() -> link.state() == ClientLink.State.CONNECTED);
        send(third, payload(30, 3));
        await().until(() -> link.meters().framesIn() == 1);
        third.close();
        await().until(() -> delays.asked.size() == 3);
        assertThat(delays.asked).containsExactly(Duration.ofMillis(100), Duration.ofMillis(100),
                Duration.ofMillis(100));
    }

    @Test
    void honoursTheConnectTimeout() throws Exception {
        // A listener whose accept queue is full: the kernel drops further SYNs, so a
        // connect hangs.
        ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        closeables.add(full);
        for (int i = 0; i < 8; i++) {
            Socket filler = new Socket();
            closeables.add(filler);
            try {
                filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()), 200);
            }
            catch (java.io.IOException e) {
                break; // the queue is full
            }
        }
        link(full.getLocalPort(), 0);
        link.settings()
            .set(new ClientSettings(Duration.ofMillis(300), Duration.ofMillis(100), 0, Duration.ofSeconds(30),
                    DataSize.ofKilobytes(512), QueueFullAction.DROP, AnnounceControlSettings.OFF));
        link.start(loops, delays);
        await().atMost(Duration.ofSeconds(5)).until(() -> link.state() == ClientLink.State.GAVE_UP);
        assertThat(link.status().lastError()).containsIgnoringCase("timed out");
    }

    @Test
    void reconnectNowForgetsFailuresAndRevivesALinkThatGaveUp() throws Exception {
        int port = closedPort();
        link(port, 0).start(loops, delays);
        await().until(() -> link.state() == ClientLink.State.GAVE_UP);
        try (ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(10_000);
            link.reconnectNow();
            closeables.add(server.accept());
            await().until(() -> link.state() == ClientLink.State.CONNECTED);
            assertThat(link.status().attempts()).isZero();
        }
    }

    @Test
    void healthIsUpReconnectingOrDownWithTheAttemptCount() throws Exception {
        link(closedPort(), 2).start(loops, delays);
        ClientLinkHealthIndicator health = new ClientLinkHealthIndicator(link);
        await().until(() -> delays.asked.size() == 1);
        delays.fire();
        await().until(() -> delays.asked.size() == 2);
        var reconnecting = health.health();
        assertThat(reconnecting.getStatus()).isEqualTo(ClientLinkHealthIndicator.RECONNECTING);
        assertThat(reconnecting.getDetails()).containsEntry("attempts", 1)
            .containsEntry("state", "waiting")
            .containsKey("lastError");
        delays.fire();
        await().until(() -> link.state() == ClientLink.State.GAVE_UP);
        assertThat(health.health().getStatus()).isEqualTo(org.springframework.boot.health.contributor.Status.DOWN);
        assertThat(health.health().getDetails()).containsEntry("attempts", 2).containsEntry("state", "gave_up");
    }

}
