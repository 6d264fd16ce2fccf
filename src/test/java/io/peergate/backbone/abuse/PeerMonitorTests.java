package io.peergate.backbone.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.peergate.backbone.DisconnectReason;
import io.peergate.testing.MutableClock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The peer monitor and the abuse rules, driven by a clock the test moves. */
class PeerMonitorTests {

    private static final InetAddress A = address("10.0.0.2");

    private static final InetAddress B = address("10.0.0.10");

    private static final InetAddress C = address("9.9.9.9");

    private final MutableClock clock = new MutableClock();

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        }
        catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static AbuseSettings settings() {
        return new AbuseSettings(new AbuseSettings.Flapping(true, Duration.ofSeconds(20), 5, Duration.ofMinutes(5)),
                new AbuseSettings.Repeats(true, 3, Duration.ofMinutes(10)),
                new AbuseSettings.Repeats(true, 3, Duration.ofMinutes(10)),
                new AbuseSettings.Repeats(true, 3, Duration.ofMinutes(10)), Duration.ofMinutes(5),
                Duration.ofMinutes(30), Duration.ofHours(1), List.of());
    }

    private Optional<PeerMonitor.Penalty> shortConnection(PeerMonitor monitor, InetAddress ip) {
        monitor.connected(ip);
        clock.advance(Duration.ofSeconds(1));
        return monitor.disconnected(ip, Duration.ofSeconds(1), DisconnectReason.REMOTE_CLOSED);
    }

    @Test
    void exemptNetworksAreNeverPenalisedButCanBeBlacklisted() {
        AbuseSettings base = settings();
        AbuseSettings exempting = new AbuseSettings(base.flapping(), base.idleTimeouts(), base.writeStalls(),
                new AbuseSettings.Repeats(true, 1, Duration.ofMinutes(10)), base.basePenalty(),
                base.maxPenaltyDuration(), base.penaltyDecayInterval(), List.of("10.9.0.0/16", "2001:db8::/32"));
        PeerMonitor monitor = new PeerMonitor(() -> exempting, clock);
        InetAddress natGateway = address("10.9.200.1");
        InetAddress ownNode = address("2001:db8:1::7");
        for (int i = 0; i < 20; i++) {
            assertThat(shortConnection(monitor, natGateway)).isEmpty();
            assertThat(shortConnection(monitor, ownNode)).isEmpty();
            assertThat(monitor.flooded(natGateway)).isEmpty();
            assertThat(monitor.flooded(ownNode)).isEmpty();
        }
        assertThat(monitor.isBlacklisted(natGateway)).isFalse();
        // just outside the networks, the rules apply as ever
        InetAddress outside = address("10.10.0.1");
        assertThat(monitor.flooded(outside)).isEmpty();
        assertThat(monitor.flooded(outside)).isPresent();
        // an operator's blacklist still holds an exempt address
        monitor.blacklist(natGateway, Duration.ofMinutes(1), "operator");
        assertThat(monitor.rejectIfBlacklisted(natGateway)).isTrue();
    }

    @Test
    void blacklistedIpIsRejectedAndCounted() {
        PeerMonitor monitor = new PeerMonitor(PeerMonitorTests::settings, clock);
        assertThat(monitor.rejectIfBlacklisted(A)).isFalse();
        monitor.blacklist(A, Duration.ofSeconds(60), "test blacklist");
        assertThat(monitor.rejectIfBlacklisted(A)).isTrue();
        assertThat(monitor.rejectIfBlacklisted(A)).isTrue();
        assertThat(monitor.rejectIfBlacklisted(B)).isFalse();
        PeerMonitor.Entry entry = monitor.list().get(0);
        assertThat(entry.rejects()).isEqualTo(2);
        assertThat(entry.blacklistReason()).isEqualTo("test blacklist");
        assertThat(entry.blacklistedRemainingSeconds()).isEqualTo(60.0);

        clock.advance(Duration.ofSeconds(61));
        assertThat(monitor.rejectIfBlacklisted(A)).isFalse();
    }

    @Test
    void listIsSortedByAddressAndCountsConnections() {
        PeerMonitor monitor = new PeerMonitor(PeerMonitorTests::settings, clock);
        monitor.connected(B);
        monitor.connected(A);
        monitor.connected(A);
        monitor.connected(C);
        assertThat(monitor.list()).extracting(PeerMonitor.Entry::ip).containsExactly(C, A, B);
        assertThat(monitor.list()).extracting(PeerMonitor.Entry::connected).containsExactly(1, 2, 1);
    }

    @Test
    void fastFlappingFiresOnTheSixthShortConnection() {
        PeerMonitor monitor = new PeerMonitor(PeerMonitorTests::settings, clock);
        for (int i = 0; i < 5; i++) {
            assertThat(shortConnection(monitor, A)).isEmpty();
        }
        PeerMonitor.Penalty penalty = shortConnection(monitor, A).orElseThrow();
        assertThat(penalty.rule()).isEqualTo("flapping");
        assertThat(penalty.level()).isEqualTo(1);
        assertThat(penalty.duration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(monitor.isBlacklisted(A)).isTrue();
        assertThat(monitor.list().get(0).blacklistReason()).isEqualTo("abuse: flapping (level 1)");
    }

    @Test
    void longConnectionsAndSpreadOutFlapsDoNotFire() {
        PeerMonitor monitor = new PeerMonitor(PeerMonitorTests::settings, clock);
        for (int i = 0; i < 20; i++) {
            monitor.connected(A);
            assertThat(monitor.disconnected(A, Duration.ofSeconds(25), DisconnectReason.REMOTE_CLOSED)).isEmpty();
        }
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofMinutes(2)); // at most 3 within any 5-minute window
            assertThat(shortConnection(monitor, B)).isEmpty();
        }
    }

    @Test
    void penaltiesEscalateAreCappedAndDecay() {
        PeerMonitor monitor = new PeerMonitor(PeerMonitorTests::settings, clock);
        Duration[] expected = { Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20),
                Duration.ofMinutes(30), Duration.ofMinutes(30) };
        for (int level = 1; level <= 5; level++) {
            PeerMonitor.Penalty penalty = null;
            for (int i = 0; i < 6 && penalty == null; i++) {
                penalty = shortConnection(monitor, A).orElse(null);
            }
            assertThat(penalty).isNotNull();
            assertThat(penalty.level()).isEqualTo(level);
            assertThat(penalty.duration()).isEqualTo(expected[level - 1]);
        }
        // Two quiet decay intervals bring level 5 down to 3: the next offence is level 4.
        clock.advance(Duration.ofHours(2).plusMinutes(1));
        PeerMonitor.Penalty next = null;
        for (int i = 0; i < 6 && next == null; i++) {
            next = shortConnection(monitor, A).orElse(null);
        }
        assertThat(next.level()).isEqualTo(4);
    }

    @Test
    void repeatedIdleTimeoutsAndWriteStallsFire() {
        PeerMonitor monitor = new PeerMonitor(PeerMonitorTests::settings, clock);
        for (int i = 0; i < 3; i++) {
            monitor.connected(A);
            assertThat(monitor.disconnected(A, Duration.ofMinutes(1), DisconnectReason.IDLE_TIMEOUT)).isEmpty();
        }
        monitor.connected(A);
        assertThat(monitor.disconnected(A, Duration.ofMinutes(1), DisconnectReason.IDLE_TIMEOUT).orElseThrow().rule())
            .isEqualTo("idle-timeouts");

        for (int i = 0; i < 3; i++) {
            monitor.connected(B);
            assertThat(monitor.disconnected(B, Duration.ofMinutes(1), DisconnectReason.WRITE_STALL)).isEmpty();
        }
        monitor.connected(B);
        assertThat(monitor.disconnected(B, Duration.ofMinutes(1), DisconnectReason.WRITE_STALL).orElseThrow().rule())
            .isEqualTo("write-stalls");
    }

    @Test
    void floodingFiresOnTheFourthSecondOverTheIngressLimitWithinTheWindow() {
        PeerMonitor monitor = new PeerMonitor(PeerMonitorTests::settings, clock);
        monitor.connected(A);
        for (int i = 0; i < 3; i++) {
            assertThat(monitor.flooded(A)).isEmpty();
            clock.advance(Duration.ofMinutes(1));
        }
        PeerMonitor.Penalty penalty = monitor.flooded(A).orElseThrow();
        assertThat(penalty.rule()).isEqualTo("flooding");
        assertThat(penalty.level()).isEqualTo(1);
        assertThat(monitor.isBlacklisted(A)).isTrue();
        assertThat(monitor.flooded(A)).as("already blacklisted: no second penalty").isEmpty();

        clock.advance(Duration.ofMinutes(6)); // blacklist over
        monitor.flooded(B);
        clock.advance(Duration.ofMinutes(11));
        assertThat(monitor.flooded(B)).as("the first one left the window").isEmpty();
    }

    @Test
    void cutsForAFullQueueOrByTheNodeNeverCount() {
        PeerMonitor monitor = new PeerMonitor(PeerMonitorTests::settings, clock);
        for (DisconnectReason reason : new DisconnectReason[] { DisconnectReason.QUEUE_FULL,
                DisconnectReason.BLACKLISTED, DisconnectReason.LOCAL }) {
            for (int i = 0; i < 10; i++) {
                monitor.connected(A);
                clock.advance(Duration.ofSeconds(1));
                assertThat(monitor.disconnected(A, Duration.ofSeconds(1), reason)).as(reason.tag()).isEmpty();
            }
        }
        assertThat(monitor.isBlacklisted(A)).isFalse();
    }

    @Test
    void disabledRulesNeverFire() {
        AbuseSettings base = settings();
        AbuseSettings allOff = new AbuseSettings(
                new AbuseSettings.Flapping(false, base.flapping().shorterThan(), 5, Duration.ofMinutes(5)),
                new AbuseSettings.Repeats(false, 3, Duration.ofMinutes(10)),
                new AbuseSettings.Repeats(false, 3, Duration.ofMinutes(10)),
                new AbuseSettings.Repeats(false, 3, Duration.ofMinutes(10)), base.basePenalty(),
                base.maxPenaltyDuration(), base.penaltyDecayInterval(), List.of());
        PeerMonitor monitor = new PeerMonitor(() -> allOff, clock);
        for (int i = 0; i < 50; i++) {
            assertThat(shortConnection(monitor, A)).isEmpty();
            monitor.connected(A);
            assertThat(monitor.disconnected(A, Duration.ZERO, DisconnectReason.IDLE_TIMEOUT)).isEmpty();
            monitor.connected(A);
            assertThat(monitor.disconnected(A, Duration.ZERO, DisconnectReason.WRITE_STALL)).isEmpty();
        }
        assertThat(monitor.isBlacklisted(A)).isFalse();
    }

    @Test
    void expiredEntriesWithNothingLeftDisappear() {
        PeerMonitor monitor = new PeerMonitor(PeerMonitorTests::settings, clock);
        monitor.connected(A);
        monitor.blacklist(B, Duration.ofMinutes(1), "manual");
        monitor.rejectIfBlacklisted(B);
        shortConnection(monitor, C);
        monitor.expire();
        assertThat(monitor.size()).isEqualTo(3);

        clock.advance(Duration.ofMinutes(6)); // B's blacklist and C's flap history are
                                              // over
        monitor.expire();
        assertThat(monitor.list()).extracting(PeerMonitor.Entry::ip).containsExactly(A);

        monitor.disconnected(A, Duration.ofMinutes(6), DisconnectReason.REMOTE_CLOSED);
        monitor.expire();
        assertThat(monitor.size()).isZero();
    }

    @Test
    void clearForgetsEverythingButOpenConnections() {
        PeerMonitor monitor = new PeerMonitor(PeerMonitorTests::settings, clock);
        monitor.connected(A);
        monitor.blacklist(A, Duration.ofHours(1), "manual");
        assertThat(monitor.clear(A)).isTrue();
        assertThat(monitor.isBlacklisted(A)).isFalse();
        assertThat(monitor.list().get(0).connected()).isEqualTo(1);
        assertThat(monitor.clear(B)).isFalse();
    }

    @Test
    void aRestoredPenaltyBlacklistsUntilItsEndAndItsLevelGoesOnDecaying() {
        PeerMonitor monitor = new PeerMonitor(PeerMonitorTests::settings, clock);
        InetAddress ip = address("198.51.100.4");
        java.time.Instant given = clock.instant().minus(Duration.ofMinutes(10));
        monitor.restorePenalty(ip, 3, given, given.plus(Duration.ofMinutes(20)), "abuse: flapping (level 3)");
        assertThat(monitor.rejectIfBlacklisted(ip)).isTrue();
        assertThat(monitor.list()).singleElement().satisfies(entry -> {
            assertThat(entry.penaltyLevel()).isEqualTo(3);
            assertThat(entry.blacklistReason()).isEqualTo("abuse: flapping (level 3)");
            assertThat(entry.blacklistedRemainingSeconds()).isEqualTo(600.0);
        });
        clock.advance(Duration.ofMinutes(11));
        assertThat(monitor.isBlacklisted(ip)).isFalse();
        clock.advance(Duration.ofHours(1)); // one decay interval after it was given, and
                                            // then some
        assertThat(monitor.list()).singleElement().extracting(PeerMonitor.Entry::penaltyLevel).isEqualTo(2);

        // one that ended before the restart keeps only its level
        InetAddress old = address("198.51.100.5");
        monitor.restorePenalty(old, 1, clock.instant().minus(Duration.ofMinutes(40)),
                clock.instant().minus(Duration.ofMinutes(35)), "abuse: flapping (level 1)");
        assertThat(monitor.isBlacklisted(old)).isFalse();
    }

}
