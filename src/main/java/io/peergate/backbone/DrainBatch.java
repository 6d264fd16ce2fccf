package io.peergate.backbone;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * The send queues that a burst of relayed frames woke up, grouped by event loop, so that
 * each loop gets one task per read batch that drains all of its queues, instead of one
 * task and one wake-up per queue. Owned by one connection's handler and used only on its
 * event loop: opened by the first frame of a read, submitted when the read completes.
 */
final class DrainBatch {

    private final Map<EventLoop, List<SendQueue>> pending = new IdentityHashMap<>();

    private boolean open;

    /** Frames relayed from now until {@link #submit} have their drains collected here. */
    void open() {
        open = true;
    }

    /**
     * @return false when no batch is open and the caller must schedule the drain itself
     */
    boolean add(EventLoop loop, SendQueue queue) {
        if (!open) {
            return false;
        }
        pending.computeIfAbsent(loop, key -> new ArrayList<>()).add(queue);
        return true;
    }

    /** One task per event loop, draining every queue collected for it. */
    void submit() {
        open = false;
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
