package io.peergate.backbone;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.peergate.reticulum.HdlcFrameDecoder;
import io.peergate.support.Addresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of a backbone connection: admission when it becomes active, the "has sent
 * data" mark and the bytes-in count on every read, the send queue's resumption when the
 * socket drains, and the owner's bookkeeping when it closes.
 */
final class PeerHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(PeerHandler.class);

    private final BackboneInterface owner;

    private BackbonePeer peer;

    PeerHandler(BackboneInterface owner) {
        this.owner = owner;
    }

    /**
     * Sets up a new backbone connection, accepted or dialled: socket options, then this
     * handler, the HDLC decoder (drops counted on the owner's meters) and the
     * {@link FrameHandler} in front of whatever the transport put there.
     */
    static void install(Channel channel, BackboneInterface owner, int hwMtu) {
        BackboneSockets.configure(channel);
        PeerHandler peerHandler = new PeerHandler(owner);
        channel.pipeline().addFirst("peergate.frames", new FrameHandler(owner, peerHandler));
        channel.pipeline().addFirst("peergate.hdlc", new HdlcFrameDecoder(hwMtu, owner.meters()::dropped));
        channel.pipeline().addFirst("peergate.peer", peerHandler);
    }

    BackbonePeer peer() {
        return peer;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        peer = owner.admit(ctx.channel());
        if (peer == null) {
            return;
        }
        ctx.fireChannelActive();
        // After Reactor Netty's bridge saw the channel: it leaves reads to whoever
        // consumes them, here us.
        ctx.channel().config().setAutoRead(true);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (peer == null || !(msg instanceof ByteBuf bytes)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        peer.markReceivedData();
        owner.meters().bytesIn(bytes.readableBytes());
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (peer != null) {
            peer.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (peer != null) {
            peer.connectionClosed();
            owner.closed(peer);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("[{}] peer {}: {}", owner.name(), peer != null ? peer : Addresses.remote(ctx.channel()),
                cause.toString());
        ctx.close();
    }

}
