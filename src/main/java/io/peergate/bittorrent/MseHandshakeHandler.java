package io.peergate.bittorrent;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.peergate.bittorrent.wire.InfoHash;
import io.peergate.bittorrent.wire.Preamble;
import io.peergate.bittorrent.wire.mse.MseResponder;
import io.peergate.support.Addresses;
import io.peergate.support.Tagged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's side of a peer's Message Stream Encryption handshake, between the
 * preamble decoder (which hands over a peer whose first byte is not {@code 0x13}) and the
 * {@link InboundHandler}. The first step, with the key exchange, runs on the
 * {@link MseKeyWork} workers with reads paused; the rest is cheap and runs here. Once the
 * handshake is done and 48 bytes of the peer's BitTorrent handshake are in (from its
 * initial payload or the stream after), it emits a {@link Preamble.Identified} for the
 * torrent, with an {@link Rc4StreamHandler} at the pipeline's head when RC4 was selected,
 * and leaves. A failure emits a {@link Preamble.Rejected} with its reason. Bounded: the
 * responder holds at most one handshake, and reading waits while the key work runs.
 */
final class MseHandshakeHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(MseHandshakeHandler.class);

    private final GatewayContext gateway;

    private final MseResponder.Selection selection;

    /** Bytes read before the responder exists, then while its first step runs. */
    private final HeldBytes held = new HeldBytes();

    private boolean working;

    private MseResponder responder;

    private MseResponder.Established established;

    /** After the handshake: the peer's decrypted bytes, until a preamble is whole. */
    private ByteBuf plaintext;

    private boolean over;

    MseHandshakeHandler(GatewayContext gateway, MseResponder.Selection selection) {
        this.gateway = gateway;
        this.selection = selection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf) || over) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (plaintext != null) {
            plaintext.writeBytes(buf); // decrypted already, by the RC4 handler at the
                                       // head
            buf.release();
            identify(ctx);
        }
        else if (responder == null || working) {
            if (!held.add(ctx.alloc(), buf)) {
                fail(ctx, RejectReason.MSE_TOO_LONG);
            }
            else if (!working && held.hasKey()) {
                startKeyWork(ctx);
            }
        }
        else {
            try {
                handle(ctx, responder.receive(ByteBufUtil.getBytes(buf), 0, buf.readableBytes()));
            }
            finally {
                buf.release();
            }
        }
    }

    private void startKeyWork(ChannelHandlerContext ctx) {
        byte[] first = held.take();
        working = true;
        MseResponder fresh = new MseResponder(gateway.random(), req2 -> gateway.registry().infoHashForReq2(req2),
                selection);
        boolean queued = gateway.keyWork()
            .submitPaused(ctx.channel(), () -> fresh.receive(first, 0, first.length), step -> keyed(ctx, fresh, step));
        if (!queued) {
            fail(ctx, RejectReason.MSE_BUSY);
        }
    }

    private void keyed(ChannelHandlerContext ctx, MseResponder fresh, MseResponder.Step step) {
        if (over) {
            return;
        }
        working = false;
        responder = fresh;
        handle(ctx, step);
        if (!over && established == null && held.readable() > 0) {
            byte[] more = held.take();
            handle(ctx, responder.receive(more, 0, more.length));
        }
    }

    private void handle(ChannelHandlerContext ctx, MseResponder.Step step) {
        if (step instanceof MseResponder.Continue next) {
            if (next.reply().length > 0) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(next.reply()));
            }
        }
        else if (step instanceof MseResponder.Failed failed) {
            fail(ctx, Tagged.parse(RejectReason.class, failed.reason()));
        }
        else {
            established(ctx, (MseResponder.Established) step);
        }
    }

    private void established(ChannelHandlerContext ctx, MseResponder.Established done) {
        established = done;
        // the reply goes out before RC4 is in the pipeline: it is encrypted already
        ctx.writeAndFlush(Unpooled.wrappedBuffer(done.reply()));
        byte[] rest = done.rest();
        if (done.method() == MseResponder.RC4) {
            done.decrypt().apply(rest, 0, rest.length);
            ctx.pipeline().addFirst("peergate.rc4", new Rc4StreamHandler(done.decrypt(), done.encrypt()));
        }
        plaintext = ctx.alloc().buffer(done.initialPayload().length + rest.length + Preamble.LENGTH);
        plaintext.writeBytes(done.initialPayload()).writeBytes(rest);
        if (held.readable() > 0) {
            // read while the key work ran, after a handshake that ended in its first step
            byte[] more = held.take();
            if (done.method() == MseResponder.RC4) {
                done.decrypt().apply(more, 0, more.length);
            }
            plaintext.writeBytes(more);
        }
        held.release();
        identify(ctx);
    }

    /** Emits the peer's preamble once 48 decrypted bytes are in. */
    private void identify(ChannelHandlerContext ctx) {
        Preamble outcome = Preamble.classify(plaintext);
        if (outcome == null) {
            return;
        }
        if (!(outcome instanceof Preamble.Identified identified)
                || !identified.infoHash().equals(InfoHash.fromBytes(established.infoHash(), 0))) {
            fail(ctx, RejectReason.MSE_NOT_BITTORRENT);
            return;
        }
        over = true;
        Preamble.Stream stream = established.method() == MseResponder.RC4 ? Preamble.Stream.MSE_RC4
                : Preamble.Stream.MSE_PLAINTEXT;
        gateway.stats().mseHandshake(stream);
        if (log.isDebugEnabled()) {
            log.debug("peer {} completed MSE for {} ({})", Addresses.remote(ctx.channel()), identified.infoHash(),
                    stream.tag());
        }
        ByteBuf bytes = plaintext;
        plaintext = null;
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(new Preamble.Identified(identified.infoHash(), bytes, stream));
    }

    private void fail(ChannelHandlerContext ctx, RejectReason reason) {
        over = true;
        gateway.stats().mseFailed(reason);
        release();
        ctx.fireChannelRead(new Preamble.Rejected(reason));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!over) {
            over = true;
            gateway.stats().mseAbandoned();
        }
        release();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    private void release() {
        held.release();
        if (plaintext != null) {
            plaintext.release();
            plaintext = null;
        }
    }

}
