package io.peergate.backbone;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.peergate.support.Addresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Last handler of a backbone connection: hands every decoded frame to the relay. */
final class FrameHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(FrameHandler.class);

    private final BackboneInterface owner;

    private final PeerHandler peerHandler;

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
        owner.relay().relay(peer, frame, owner.meters());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("[{}] peer {}: {}", owner.name(),
                peerHandler.peer() != null ? peerHandler.peer() : Addresses.remote(ctx.channel()), cause.toString());
        ctx.close();
    }

}
