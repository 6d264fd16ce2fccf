package io.peergate.backbone;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.peergate.reticulum.FrameDropReason;
import io.peergate.reticulum.Hash16;
import io.peergate.reticulum.PacketHeader;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The hub: a frame received from one peer goes to every other live peer of every
 * interface, never back to its sender. A frame whose Reticulum packet hash was seen
 * within the window is dropped, so hubs linked into a loop do not amplify traffic. A
 * sender's frames are encoded once, into a bundle ({@link FrameBundle}) per read batch
 * that every destination shares; each destination queues it on its own
 * ({@link BackbonePeer}), so one that cannot keep up loses frames or is cut and never
 * holds up the others. When most destinations are full, the sender's reads pause for a
 * moment ({@link FrameHandler}): the hub pushes back on input it could only shed. Order
 * is kept per sender and destination: one sender's frames are relayed by one thread, into
 * first-in first-out queues. In a cluster, frames cross the mesh between nodes once
 * ({@link MeshRole}).
 */
public final class FrameRelay {

    private static final BackbonePeer[] NONE = new BackbonePeer[0];

    private final PacketHashWindow window;

    /** Copied on join and leave, read per frame without a lock. */
    private volatile BackbonePeer[] peers = NONE;

    private final LongAdder relayed = new LongAdder();

    private final LongAdder duplicates = new LongAdder();

    private final LongAdder unicast = new LongAdder();

    private final LongAdder flooded = new LongAdder();

    private final LongAdder deliveries = new LongAdder();

    private final RelayMode mode;

    private final HubRoutes<BackbonePeer> routes;

    public FrameRelay(int dedupWindow) {
        this(dedupWindow, RelayMode.FLOOD, null);
    }

    /**
     * @param routes what the hub learns in {@link RelayMode#LEARN} mode; unused when
     * flooding
     */
    public FrameRelay(int dedupWindow, RelayMode mode, HubRoutes<BackbonePeer> routes) {
        this.window = new PacketHashWindow(dedupWindow);
        this.mode = mode;
        this.routes = routes;
    }

    synchronized void join(BackbonePeer peer) {
        BackbonePeer[] current = peers;
        BackbonePeer[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = peer;
        peers = next;
    }

    synchronized void leave(BackbonePeer peer) {
        if (routes != null) {
            routes.forget(peer);
        }
        peer.announces().clear();
        BackbonePeer[] current = peers;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == peer) {
                BackbonePeer[] next = Arrays.copyOf(current, current.length - 1);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                peers = next;
                return;
            }
        }
    }

    /**
     * Takes {@code frame} (a decoded payload, released here) from {@code sender}: unless
     * it is a duplicate, it is encoded into the sender's {@code bundle}, which
     * {@link #dispatch} then passes on. In {@code learn} mode a frame whose peer is known
     * goes to that peer alone, after what the bundle already holds (so each destination
     * still gets one sender's frames in order); the drains join {@code batch}.
     */
    void accept(BackbonePeer sender, ByteBuf frame, InterfaceMeters senderMeters, FrameBundle bundle,
            DrainBatch batch) {
        try {
            AnnounceControlSettings control = sender.announceControl();
            // read once for both uses
            PacketHeader header = control.enabled() || mode == RelayMode.LEARN ? PacketHeader.parse(frame) : null;
            if (!heldBack(sender, frame, header, control, senderMeters)) {
                relay(sender, frame, header, senderMeters, bundle, batch);
            }
        }
        finally {
            frame.release();
        }
    }

    /**
     * Announce ingress control: during a burst of {@code sender}'s announces, one for a
     * destination not already known is held (a copy) instead of relayed.
     * @return true when the frame was held or dropped
     */
    private boolean heldBack(BackbonePeer sender, ByteBuf frame, PacketHeader header, AnnounceControlSettings control,
            InterfaceMeters senderMeters) {
        if (!control.enabled() || header == null || header.packetType() != PacketHeader.ANNOUNCE) {
            return false;
        }
        AnnounceIngress announces = sender.announces();
        Hash16 destination = header.destination();
        if (!announces.limits(System.nanoTime(), control) || announces.known(destination)
                || (routes != null && routes.knows(destination))) {
            announces.passed(destination);
            return false;
        }
        senderMeters.announceHeld(announces.hold(destination, ByteBufUtil.getBytes(frame), header.hops(), control));
        return true;
    }

    /**
     * Relays, on each peer's event loop, the held announce that is due, if any: one per
     * peer per {@code held-release-interval} once its burst and penalty are over.
     */
    void releaseHeldAnnounces() {
        long now = System.nanoTime();
        for (BackbonePeer peer : peers) {
            AnnounceIngress.Held due = peer.announces().release(now, peer.announceControl());
            if (due == null) {
                continue;
            }
            try {
                peer.channel().eventLoop().execute(() -> releaseOne(peer, due));
            }
            catch (RejectedExecutionException e) {
                // the peer's loop is shutting down with the hub
            }
        }
    }

    private void releaseOne(BackbonePeer peer, AnnounceIngress.Held due) {
        if (!isMember(peer)) {
            return;
        }
        peer.meters().announceReleased();
        FrameBundle bundle = new FrameBundle();
        DrainBatch batch = new DrainBatch();
        ByteBuf frame = Unpooled.wrappedBuffer(due.frame());
        try {
            relay(peer, frame, mode == RelayMode.LEARN ? PacketHeader.parse(frame) : null, peer.meters(), bundle,
                    batch);
            dispatch(peer, bundle, batch);
            batch.submit();
        }
        finally {
            frame.release();
            bundle.clear();
        }
    }

    /**
     * Relays a frame that passed ingress control; the caller releases it.
     * @param header the frame's header in {@code learn} mode (null when it has none)
     */
    private void relay(BackbonePeer sender, ByteBuf frame, PacketHeader header, InterfaceMeters senderMeters,
            FrameBundle bundle, DrainBatch batch) {
        if (!window.firstSeen(frame)) {
            duplicates.increment();
            senderMeters.dropped(FrameDropReason.DUPLICATE);
            return;
        }
        relayed.increment();
        BackbonePeer target = mode == RelayMode.LEARN ? routes.route(sender, frame, header) : null;
        UnicastBundles pending = sender.unicastPending();
        if (target != null && sender.mesh().sendsTo(target.mesh()) && isMember(target)) {
            unicast.increment();
            if (!bundle.isEmpty()) {
                dispatch(sender, bundle, batch); // flooded frames read before this one go
                                                 // first
            }
            if (pending.add(target, sender.channel().alloc(), frame)) {
                deliveries.add(pending.flush(batch));
            }
            return;
        }
        flooded.increment();
        if (!pending.isEmpty()) {
            deliveries.add(pending.flush(batch)); // frames for one peer read before this
                                                  // one go first
        }
        if (peers.length > 1) {
            bundle.add(sender.channel().alloc(), frame);
        }
    }

    private boolean isMember(BackbonePeer peer) {
        for (BackbonePeer member : peers) {
            if (member == peer) {
                return true;
            }
        }
        return false;
    }

    /**
     * Passes the frames in {@code bundle} from {@code sender} to everyone else, and
     * empties it, after the sender's frames for learned destinations; the drains it wakes
     * up join {@code batch}.
     * @return true when more than half of the destinations had no room for all of the
     * frames or are now more than half full, while still draining: the hub as a whole is
     * falling behind, and reading on from the sender at full speed would only shed more
     */
    boolean dispatch(BackbonePeer sender, FrameBundle bundle, DrainBatch batch) {
        UnicastBundles pending = sender.unicastPending();
        if (!pending.isEmpty()) {
            deliveries.add(pending.flush(batch));
        }
        if (bundle.isEmpty()) {
            return false;
        }
        try {
            bundle.seal();
            int destinations = 0;
            int backlogged = 0;
            long now = 0;
            MeshRole from = sender.mesh();
            for (BackbonePeer peer : peers) {
                if (peer == sender || !from.sendsTo(peer.mesh())) {
                    continue;
                }
                destinations++;
                deliveries.add(bundle.frames());
                if (peer.sendBundle(bundle, batch) != SendQueue.Offer.QUEUED) {
                    now = now == 0 ? System.nanoTime() : now;
                    backlogged += peer.draining(now) ? 1 : 0;
                }
            }
            return backlogged * 2 > destinations;
        }
        finally {
            bundle.clear();
        }
    }

    /**
     * Whether more than half of the destinations of {@code sender}'s frames are more than
     * half full now: a sender whose reads are paused waits until this is no longer so.
     */
    boolean saturatedFor(BackbonePeer sender) {
        long now = System.nanoTime();
        int destinations = 0;
        int backlogged = 0;
        MeshRole from = sender.mesh();
        for (BackbonePeer peer : peers) {
            if (peer != sender && from.sendsTo(peer.mesh())) {
                destinations++;
                backlogged += peer.backlogged(now) ? 1 : 0;
            }
        }
        return backlogged * 2 > destinations;
    }

    /** Peers of every interface taking part now. */
    public int size() {
        return peers.length;
    }

    public long relayed() {
        return relayed.sum();
    }

    public long duplicates() {
        return duplicates.sum();
    }

    public RelayMode mode() {
        return mode;
    }

    /** Frames sent to one learned peer alone. */
    public long unicast() {
        return unicast.sum();
    }

    /** Frames sent to every other peer. */
    public long flooded() {
        return flooded.sum();
    }

    /** Frames handed to destinations: with {@link #relayed()}, the hub's fan-out. */
    public long deliveries() {
        return deliveries.sum();
    }

    /** The learned tables, or null when flooding. */
    public HubRoutes.Stats routes() {
        return routes == null ? null : routes.stats();
    }

    /** Drops expired routes. */
    void sweep() {
        if (routes != null) {
            routes.sweep();
        }
    }

    public int dedupWindowSize() {
        return window.size();
    }

}
