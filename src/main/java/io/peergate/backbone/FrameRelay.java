package io.peergate.backbone;

import io.netty.buffer.ByteBuf;
import io.peergate.reticulum.FrameDropReason;
import io.peergate.reticulum.HdlcEncoder;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The hub: a frame received from one peer goes to every other live peer of every
 * interface, never back to its sender. A frame whose Reticulum packet hash was seen
 * within the window is dropped, so hubs linked into a loop do not amplify traffic. The
 * frame is encoded once and shared by every destination; a destination that cannot keep
 * up is cut by its own limits ({@link BackbonePeer}) and never holds up the others.
 */
public final class FrameRelay {

    private final PacketHashWindow window;

    private final Set<BackbonePeer> peers = ConcurrentHashMap.newKeySet();

    private final LongAdder relayed = new LongAdder();

    private final LongAdder duplicates = new LongAdder();

    public FrameRelay(int dedupWindow) {
        this.window = new PacketHashWindow(dedupWindow);
    }

    void join(BackbonePeer peer) {
        peers.add(peer);
    }

    void leave(BackbonePeer peer) {
        peers.remove(peer);
    }

    /**
     * Passes {@code frame} (a decoded payload, released here) from {@code sender} to
     * everyone else.
     * @return false when the frame was a duplicate and went nowhere
     */
    boolean relay(BackbonePeer sender, ByteBuf frame, InterfaceMeters senderMeters) {
        ByteBuf wire = null;
        try {
            if (!window.firstSeen(frame)) {
                duplicates.increment();
                senderMeters.dropped(FrameDropReason.DUPLICATE);
                return false;
            }
            relayed.increment();
            for (BackbonePeer peer : peers) {
                if (peer == sender) {
                    continue;
                }
                if (wire == null) {
                    wire = HdlcEncoder.frame(sender.channel().alloc(), frame);
                }
                peer.sendEncoded(wire.retainedDuplicate());
            }
            return true;
        }
        finally {
            frame.release();
            if (wire != null) {
                wire.release();
            }
        }
    }

    /** Peers of every interface taking part now. */
    public int size() {
        return peers.size();
    }

    public long relayed() {
        return relayed.sum();
    }

    public long duplicates() {
        return duplicates.sum();
    }

    public int dedupWindowSize() {
        return window.size();
    }

}
