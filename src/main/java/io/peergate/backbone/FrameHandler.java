package io.peergate.backbone;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.peergate.support.Addresses;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of a backbone connection: holds every decoded frame to the peer's ingress
 * limits, then hands it to the relay, and pauses reading from the peer while the relay
 * reports the hub saturated.
 */
final class FrameHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(FrameHandler.class);

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /**
     * How long reads from a sender pause when the hub is saturated; paused again at once
     * if it still is.
     */
    private static final long READ_PAUSE_MICROS = 1000;

    private final BackboneInterface owner;

    private final PeerHandler peerHandler;

    private final IngressLimiter limiter = new IngressLimiter();

    private long lastFloodReportNanos;

    private boolean reportedFlood;

    /** Reads are paused because the hub is saturated. */
    private boolean paused;

    /**
     * This read's frames, encoded for every destination; dispatched when full and when
     * the read completes.
     */
    private final FrameBundle bundle = new FrameBundle();

    /** The drains a dispatch wakes, one task per event loop. */
    private final DrainBatch batch = new DrainBatch();

    /** Frames read before a pause took effect; bounded by one read. */
    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();

    FrameHandler(BackboneInterface owner, PeerHandler peerHandler) {
        this.owner = owner;
        this.peerHandler = peerHandler;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        BackbonePeer peer = peerHandler.peer();
        if (peer == null || !(msg instanceof ByteBuf frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        owner.meters().frameIn();
        IngressSettings limits = owner.ingress();
        if (limits.on()) {
            long now = System.nanoTime();
            if (!limiter.admit(limits, frame.readableBytes(), now)) {
                frame.release();
                peer.droppedForIngressLimit();
                reportFlood(peer, now);
                return;
            }
        }
        if (paused) {
            held.add(frame); // what was read before the pause: relayed when it ends
            return;
        }
        owner.relay().accept(peer, frame, owner.meters(), bundle, batch);
        if (bundle.full()) {
            // a read batch can carry a megabyte: let the destinations drain as it goes
            dispatch(ctx, peer);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        BackbonePeer peer = peerHandler.peer();
        if (peer != null) {
            dispatch(ctx, peer);
        }
        ctx.fireChannelReadComplete();
    }

    /** Sends the bundle on, and pauses reading if the hub is saturated. */
    private void dispatch(ChannelHandlerContext ctx, BackbonePeer peer) {
        if (relayBundle(peer)) {
            pause(ctx);
        }
    }

    private boolean relayBundle(BackbonePeer peer) {
        boolean saturated = owner.relay().dispatch(peer, bundle, batch);
        batch.submit();
        return saturated;
    }

    /**
     * Most destinations are full or filling: stop reading from this sender for a moment.
     * TCP then slows it down, instead of the node reading, hashing and encoding frames it
     * could only drop. Frames already read wait here (at most one read's worth) and go
     * first when the pause ends. A single slow destination never pauses anyone.
     */
    private void pause(ChannelHandlerContext ctx) {
        if (!paused) {
            paused = true;
            ctx.channel().config().setAutoRead(false);
            owner.meters().readPaused();
        }
        resumeLater(ctx);
    }

    private void resumeLater(ChannelHandlerContext ctx) {
        ctx.executor().schedule(() -> resume(ctx), READ_PAUSE_MICROS, TimeUnit.MICROSECONDS);
    }

    private void resume(ChannelHandlerContext ctx) {
        BackbonePeer peer = peerHandler.peer();
        if (!ctx.channel().isActive() || peer == null) {
            releaseHeld();
            return;
        }
        FrameRelay relay = owner.relay();
        while (!held.isEmpty()) {
            if (relay.saturatedFor(peer)) {
                // still saturated: keep the rest, and the socket, waiting
                resumeLater(ctx);
                return;
            }
            ByteBuf frame;
            while (!bundle.full() && (frame = held.poll()) != null) {
                relay.accept(peer, frame, owner.meters(), bundle, batch);
            }
            relayBundle(peer);
        }
        paused = false;
        ctx.channel().config().setAutoRead(true);
    }

    private void releaseHeld() {
        ByteBuf frame;
        while ((frame = held.poll()) != null) {
            frame.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        BackbonePeer peer = peerHandler.peer();
        if (peer != null) {
            relayBundle(peer); // what arrived before the close goes on
        }
        bundle.clear();
        if (peer != null) {
            peer.unicastPending().clear();
        }
        releaseHeld();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        bundle.clear();
        BackbonePeer peer = peerHandler.peer();
        if (peer != null) {
            peer.unicastPending().clear();
        }
        releaseHeld();
    }

    /** Tells the interface at most once a second, so the abuse rule counts seconds. */
    private void reportFlood(BackbonePeer peer, long now) {
        if (reportedFlood && now - lastFloodReportNanos < SECOND) {
            return;
        }
        reportedFlood = true;
        lastFloodReportNanos = now;
        log.debug("[{}] peer {} over its ingress limit: dropping frames ({} so far)", owner.name(), peer,
                peer.ingressLimitDrops());
        owner.flooding(peer);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("[{}] peer {}: {}", owner.name(),
                peerHandler.peer() != null ? peerHandler.peer() : Addresses.remote(ctx.channel()), cause.toString());
        ctx.close();
    }

}
