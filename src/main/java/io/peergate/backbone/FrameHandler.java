package io.peergate.backbone;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.peergate.support.Addresses;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of a backbone connection: holds every decoded frame to the peer's ingress
 * limits, then hands it to the relay.
 */
final class FrameHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(FrameHandler.class);

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final BackboneInterface owner;

    private final PeerHandler peerHandler;

    private final IngressLimiter limiter = new IngressLimiter();

    private long lastFloodReportNanos;

    private boolean reportedFlood;

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
        owner.relay().relay(peer, frame, owner.meters());
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
