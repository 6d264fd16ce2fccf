package io.peergate.backbone;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands backbone events to a listener (the Spring context's application events) on a
 * thread of its own, so a slow or failing listener never runs on an event loop or under a
 * lock of the code that reported the event. The queue is bounded: when the listener falls
 * that far behind, further events are dropped for it and counted in
 * {@code peergate.backbone.events.dropped} (the meters and the recent-events view still
 * have them).
 */
final class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    /** Events waiting for the listener at most. */
    static final int CAPACITY = 4096;

    private final Consumer<BackboneEvent> listener;

    private final Counter dropped;

    private final ThreadPoolExecutor executor;

    EventPublisher(Consumer<BackboneEvent> listener, MeterRegistry registry) {
        this.listener = listener;
        this.dropped = Counter.builder("peergate.backbone.events.dropped")
            .description("Backbone events not handed to application listeners because they fell behind")
            .register(registry);
        this.executor = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new ArrayBlockingQueue<>(CAPACITY), task -> {
            Thread thread = new Thread(task, "peergate-backbone-events");
            thread.setDaemon(true);
            return thread;
        }, (task, executor) -> drop());
        // The thread comes and goes with the events: none is left behind by a node that
        // stopped.
        executor.allowCoreThreadTimeOut(true);
    }

    void publish(BackboneEvent event) {
        executor.execute(() -> deliver(event));
    }

    private void deliver(BackboneEvent event) {
        try {
            listener.accept(event);
        }
        catch (RuntimeException e) {
            log.warn("backbone event listener failed on {}: {}", event.type(), e.toString(), e);
        }
    }

    private void drop() {
        dropped.increment();
        long count = (long) dropped.count();
        if (Long.toString(count).matches("10*")) { // 1, 10, 100, ...: a trace in the log,
                                                   // not a flood
            log.warn("backbone event listeners fell {} events behind; {} events dropped for them so far", CAPACITY,
                    count);
        }
    }

}
