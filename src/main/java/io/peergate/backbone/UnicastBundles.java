package io.peergate.backbone;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sender's frames for learned destinations, a bundle per destination, so that a
 * read's frames for one peer (a link's transfer) go out as one write rather than one
 * write each: the send path is about half of a learning hub's event-loop time. Sent when
 * the sender's flood bundle is dispatched, before a flooded frame, and when a
 * destination's bundle is full: each destination still gets one sender's frames in order.
 * Touched only on the sender's event loop.
 */
final class UnicastBundles {

    private final Map<BackbonePeer, FrameBundle> pending = new LinkedHashMap<>();

    /**
     * Adds {@code frame} (left untouched) for {@code target}.
     * @return true when {@code target}'s bundle is now full
     */
    boolean add(BackbonePeer target, ByteBufAllocator alloc, ByteBuf frame) {
        FrameBundle bundle = pending.computeIfAbsent(target, peer -> new FrameBundle());
        bundle.add(alloc, frame);
        return bundle.full();
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /**
     * Queues every destination's bundle, whose drains join {@code batch}.
     * @return frames handed on
     */
    long flush(DrainBatch batch) {
        long frames = 0;
        for (Map.Entry<BackbonePeer, FrameBundle> entry : pending.entrySet()) {
            FrameBundle bundle = entry.getValue();
            try {
                bundle.seal();
                frames += bundle.frames();
                entry.getKey().sendBundle(bundle, batch);
            }
            finally {
                bundle.clear();
            }
        }
        pending.clear();
        return frames;
    }

    /** Lets go of what was not sent (the sender is gone). */
    void clear() {
        pending.values().forEach(FrameBundle::clear);
        pending.clear();
    }

}
