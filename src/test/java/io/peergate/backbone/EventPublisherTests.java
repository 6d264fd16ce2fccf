package io.peergate.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Listeners get backbone events on a thread of their own, through a bounded queue; a bad
 * listener harms no one.
 */
class EventPublisherTests {

    private static BackboneEvent event(int n) {
        return new BackboneEvent.PeerConnected(Instant.now(), "test", "test/" + n,
                new InetSocketAddress("127.0.0.1", 4000));
    }

    @Test
    void aListenerThatStallsLosesEventsPastTheQueueAndNothingWaitsForIt() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstTaken = new CountDownLatch(1);
        List<BackboneEvent> received = new CopyOnWriteArrayList<>();
        EventPublisher publisher = new EventPublisher(event -> {
            firstTaken.countDown();
            try {
                release.await();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            received.add(event);
        }, meters);

        publisher.publish(event(0));
        assertThat(firstTaken.await(5, TimeUnit.SECONDS)).isTrue();
        // The listener is stuck on event 0: the queue takes CAPACITY more, the next ten
        // are dropped, publish never blocks.
        for (int i = 1; i <= EventPublisher.CAPACITY + 10; i++) {
            publisher.publish(event(i));
        }
        assertThat(meters.get("peergate.backbone.events.dropped").counter().count()).isEqualTo(10);

        release.countDown();
        await().until(() -> received.size() == 1 + EventPublisher.CAPACITY);
        assertThat(((BackboneEvent.PeerConnected) received.get(EventPublisher.CAPACITY)).peer())
            .isEqualTo("test/" + EventPublisher.CAPACITY);
    }

    @Test
    void aListenerThatThrowsStillGetsTheNextEvents() {
        List<String> threads = new CopyOnWriteArrayList<>();
        EventPublisher publisher = new EventPublisher(event -> {
            threads.add(Thread.currentThread().getName());
            throw new IllegalStateException("listener bug");
        }, new SimpleMeterRegistry());
        publisher.publish(event(1));
        publisher.publish(event(2));
        await().until(() -> threads.size() == 2);
        assertThat(threads).containsOnly("peergate-backbone-events");
    }

}
