package io.peergate.backbone;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The latest {@code capacity} backbone events, newest first, for the actuator. */
public final class RecentEvents {

    private final int capacity;

    private final ArrayDeque<BackboneEvent> events;

    public RecentEvents(int capacity) {
        this.capacity = capacity;
        this.events = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    public synchronized void add(BackboneEvent event) {
        if (events.size() == capacity) {
            events.removeLast();
        }
        events.addFirst(event);
    }

    public synchronized List<BackboneEvent> list() {
        return new ArrayList<>(events);
    }

}
