package io.peergate.bittorrent;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.peergate.support.Addresses;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies bytes from its channel to {@code peer}, byte for byte. Backpressure: when the
 * peer stops being writable (its outbound buffer passed the high water mark) this side
 * stops reading, and resumes once the peer drains. Half-close: end of input here shuts
 * the peer's output after what is queued; once one side has half-closed both are closed
 * after {@code halfCloseTimeout}, or as soon as the other side half-closes too.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(RelayHandler.class);

    private final Channel peer;

    private final LongConsumer bytesRelayed;

    private final RelayPair pair;

    RelayHandler(Channel peer, LongConsumer bytesRelayed, RelayPair pair) {
        this.peer = peer;
        this.bytesRelayed = bytesRelayed;
        this.pair = pair;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        int bytes = buf.readableBytes();
        bytesRelayed.accept(bytes);
        pair.relayed(ctx.channel(), bytes);
        peer.write(buf, peer.voidPromise());
        if (!peer.isWritable()) {
            // One large read passes the high water mark on its own; the peer's socket
            // usually takes it at once. Pausing before trying cost two epoll_ctl calls
            // per read in a bulk transfer.
            peer.flush();
            if (!peer.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            RelayPair.resumeReading(peer);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) future -> {
                if (future.isSuccess()) {
                    OutputShutdown.shutdown(peer);
                }
            });
            if (pair.bothInputsShut()) {
                pair.closeBothAfterFlush();
            }
            else {
                Future<?> deadline = ctx.executor()
                    .schedule(() -> pair.closeBoth(RelayCloseReason.HALF_CLOSE_TIMEOUT), pair.halfCloseTimeoutMillis(),
                            TimeUnit.MILLISECONDS);
                ctx.channel().closeFuture().addListener(closed -> deadline.cancel(false));
            }
            return;
        }
        ReferenceCountUtil.release(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // Deliver what is already queued for the peer, then close it; a peer that does
        // not read gets the timeout.
        if (peer.isActive()) {
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            Future<?> deadline = peer.eventLoop()
                .schedule(() -> pair.closeBoth(RelayCloseReason.HALF_CLOSE_TIMEOUT), pair.halfCloseTimeoutMillis(),
                        TimeUnit.MILLISECONDS);
            peer.closeFuture().addListener(closed -> deadline.cancel(false));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("relay {} -> {} failed: {}", Addresses.remote(ctx.channel()), Addresses.remote(peer),
                cause.toString());
        pair.closeBoth(RelayCloseReason.ERROR);
    }

}
