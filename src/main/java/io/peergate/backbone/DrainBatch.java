package io.peergate.backbone;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * The send queues that one dispatch of relayed frames woke up, grouped by event loop, so
 * that each loop gets one task that drains all of its queues, instead of one task and one
 * wake-up per queue. Owned by one connection's handler and used only on its event loop:
 * filled while a bundle is dispatched, submitted right after.
 */
final class DrainBatch {

    private final Map<EventLoop, List<SendQueue>> pending = new IdentityHashMap<>();

    void add(EventLoop loop, SendQueue queue) {
        pending.computeIfAbsent(loop, key -> new ArrayList<>()).add(queue);
    }

    /** One task per event loop, draining every queue collected for it. */
    void submit() {
        if (pending.isEmpty()) {
            return;
        }
        for (Map.Entry<EventLoop, List<SendQueue>> entry : pending.entrySet()) {
            List<SendQueue> queues = entry.getValue();
            try {
                entry.getKey().execute(() -> queues.forEach(SendQueue::run));
            }
            catch (RejectedExecutionException e) {
                // the loop has shut down with the node: its buffers go with it
            }
        }
        pending.clear();
    }

}
