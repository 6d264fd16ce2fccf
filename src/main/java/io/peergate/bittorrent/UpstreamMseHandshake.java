package io.peergate.bittorrent;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.peergate.bittorrent.wire.mse.MseInitiator;
import io.peergate.bittorrent.wire.mse.MseResponder;

/**
 * The gateway as MSE initiator toward an upstream whose torrent says
 * {@code encryption: mse}: it offers RC4 only and carries the peer's BitTorrent handshake
 * in its initial payload. As on the peer side, each step with a modular power (the key
 * pair, then the shared secret) runs on the {@link MseKeyWork} workers with reads paused.
 * When the upstream has answered, RC4 is at the head of the upstream's pipeline and
 * {@link Outcome#established} gets what the upstream sent after its answer, decrypted.
 * Runs on the upstream channel's event loop, which is the peer's.
 */
final class UpstreamMseHandshake extends ChannelInboundHandlerAdapter {

    /** How the handshake ended; exactly one is called. */
    interface Outcome {

        /**
         * @param fromUpstream what the upstream sent after its answer, decrypted: for the
         * peer; the receiver releases it
         */
        void established(ByteBuf fromUpstream);

        void failed(String reason);

    }

    private final GatewayContext gateway;

    private final Outcome outcome;

    private MseInitiator initiator;

    private final HeldBytes held = new HeldBytes();

    private boolean working = true;

    private boolean keyed;

    private boolean over;

    private UpstreamMseHandshake(GatewayContext gateway, Outcome outcome) {
        this.gateway = gateway;
        this.outcome = outcome;
    }

    /**
     * Opens the handshake on {@code upstream}, a connected channel with reading off.
     * @param initialPayload the peer's first bytes, at most
     * {@link MseResponder#MAX_INITIAL_PAYLOAD}
     */
    static void begin(Channel upstream, GatewayContext gateway, byte[] infoHash, byte[] initialPayload,
            Outcome outcome) {
        UpstreamMseHandshake handshake = new UpstreamMseHandshake(gateway, outcome);
        upstream.pipeline().addLast("peergate.mse", handshake);
        boolean queued = gateway.keyWork().submit(upstream, () -> {
            MseInitiator fresh = new MseInitiator(gateway.random(), infoHash, MseResponder.RC4, initialPayload);
            return new Opening(fresh, fresh.open());
        }, opening -> handshake.opened(upstream, opening));
        if (!queued) {
            handshake.finish("key work queue full");
        }
    }

    private record Opening(MseInitiator initiator, byte[] bytes) {
    }

    private void opened(Channel upstream, Opening opening) {
        if (over) {
            return;
        }
        initiator = opening.initiator();
        working = false;
        upstream.writeAndFlush(Unpooled.wrappedBuffer(opening.bytes()));
        upstream.config().setAutoRead(true);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf) || over) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!keyed || working) {
            if (!held.add(ctx.alloc(), buf)) {
                finish("mse-too-long");
            }
            else if (!working && !keyed && held.hasKey()) {
                startKeyWork(ctx);
            }
            return;
        }
        try {
            handle(ctx, initiator.receive(ByteBufUtil.getBytes(buf), 0, buf.readableBytes()));
        }
        finally {
            buf.release();
        }
    }

    private void startKeyWork(ChannelHandlerContext ctx) {
        byte[] first = held.take();
        working = true;
        MseInitiator current = initiator;
        boolean queued = gateway.keyWork()
            .submitPaused(ctx.channel(), () -> current.receive(first, 0, first.length), step -> keyedStep(ctx, step));
        if (!queued) {
            finish("key work queue full");
        }
    }

    private void keyedStep(ChannelHandlerContext ctx, MseInitiator.Step step) {
        if (over) {
            return;
        }
        working = false;
        keyed = true;
        handle(ctx, step);
        if (!over && held.readable() > 0) {
            byte[] more = held.take();
            handle(ctx, initiator.receive(more, 0, more.length));
        }
    }

    private void handle(ChannelHandlerContext ctx, MseInitiator.Step step) {
        if (step instanceof MseInitiator.Continue next) {
            if (next.reply().length > 0) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(next.reply()));
            }
        }
        else if (step instanceof MseInitiator.Failed failed) {
            finish(failed.reason());
        }
        else {
            MseInitiator.Established done = (MseInitiator.Established) step;
            if (done.reply().length > 0) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(done.reply()));
            }
            byte[] rest = done.rest();
            if (done.method() == MseResponder.RC4) {
                done.decrypt().apply(rest, 0, rest.length);
                ctx.pipeline().addFirst("peergate.rc4", new Rc4StreamHandler(done.decrypt(), done.encrypt()));
            }
            over = true;
            held.release();
            ctx.channel().config().setAutoRead(false);
            ctx.pipeline().remove(this);
            gateway.stats().upstreamMse(true);
            outcome.established(Unpooled.wrappedBuffer(rest));
        }
    }

    /** Fails the handshake, once. */
    private void finish(String reason) {
        if (over) {
            return;
        }
        over = true;
        held.release();
        gateway.stats().upstreamMse(false);
        outcome.failed(reason);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finish("the upstream closed the connection");
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        finish(cause.toString());
        ctx.close();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        held.release();
    }

}
