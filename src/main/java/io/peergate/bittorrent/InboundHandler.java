package io.peergate.bittorrent;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.peergate.bittorrent.wire.Preamble;
import io.peergate.bittorrent.wire.mse.MseResponder;
import io.peergate.support.Addresses;
import io.peergate.support.Durations;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inbound peer connection from accept to relay: admission, identification within the
 * timeout, routing by info hash, connecting the upstream. Once both sides are up it hands
 * over to a {@link RelayHandler} pair and leaves.
 */
final class InboundHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(InboundHandler.class);

    /**
     * Per direction, bytes the node may queue for a side that is not reading before it
     * pauses the other side.
     */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 128 * 1024);

    /**
     * Largest single read: with the high water mark, what the node can hold for one
     * stalled direction.
     */
    static final int MAX_READ = 256 * 1024;

    /**
     * Reads of up to {@link #MAX_READ} once a relay is streaming: fewer, larger reads and
     * writes per byte relayed. Adaptive, so a quiet connection reads small; a buffer
     * lives only from one read to its write.
     */
    static final RecvByteBufAllocator READS = new AdaptiveRecvByteBufAllocator(512, 16 * 1024, MAX_READ);

    private enum State {

        IDENTIFYING, CONNECTING, DONE

    }

    private final GatewayContext gateway;

    private final GatewaySettings settings;

    private State state = State.IDENTIFYING;

    private long acceptedAt;

    private ScheduledFuture<?> identifyTimer;

    private boolean holdsPending;

    private boolean inputShutWhileConnecting;

    private final ArrayDeque<ByteBuf> queued = new ArrayDeque<>(2);

    /** Bytes added to {@link #queued}; reading pauses at the high water mark. */
    private long queuedBytes;

    private Preamble.Stream stream = Preamble.Stream.PLAINTEXT;

    /**
     * The peer's bytes an {@code mse} upstream got in its handshake's initial payload.
     */
    private int sentInHandshake;

    /** Ends the upstream's connect and, for an {@code mse} upstream, its handshake. */
    private ScheduledFuture<?> upstreamDeadline;

    /** The upstream deadline passed before the upstream was up. */
    private boolean upstreamTimedOut;

    InboundHandler(GatewayContext gateway) {
        this.gateway = gateway;
        this.settings = gateway.settings();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel channel = ctx.channel();
        GatewayStats stats = gateway.stats();
        if (!stats.tryAcquireLive(settings.maxConnections())) {
            reject(ctx, RejectReason.CAP);
            return;
        }
        channel.closeFuture().addListener(future -> stats.releaseLive());
        if (!stats.tryAcquirePending(settings.maxPending())) {
            reject(ctx, RejectReason.PENDING_CAP);
            return;
        }
        holdsPending = true;
        stats.countAccepted();
        gateway.track(channel);
        acceptedAt = System.nanoTime();
        identifyTimer = ctx.executor().schedule(() -> {
            if (state == State.IDENTIFYING) {
                reject(ctx, RejectReason.TIMEOUT);
            }
        }, Durations.toNanos(settings.identifyTimeout()), TimeUnit.NANOSECONDS);
        if (log.isDebugEnabled()) {
            log.debug("peer {} accepted", Addresses.remote(channel));
        }
        ctx.fireChannelActive();
        // After Reactor Netty's bridge saw the channel: it leaves reads to whoever
        // consumes them, here us.
        channel.config().setAutoRead(true);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Preamble preamble) {
            onPreamble(ctx, preamble);
        }
        else if (state == State.CONNECTING && msg instanceof ByteBuf buf) {
            queue(ctx, buf);
        }
        else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onPreamble(ChannelHandlerContext ctx, Preamble preamble) {
        if (state != State.IDENTIFYING) {
            ReferenceCountUtil.release(preamble);
            return;
        }
        if (preamble instanceof Preamble.Rejected rejected) {
            reject(ctx, rejected.reason());
            return;
        }
        Preamble.Identified identified = (Preamble.Identified) preamble;
        endIdentification();
        gateway.stats().identified(System.nanoTime() - acceptedAt);
        Optional<Torrent> torrent = gateway.registry().find(identified.infoHash());
        if (torrent.isEmpty()) {
            identified.release();
            if (log.isDebugEnabled()) {
                log.debug("peer {} rejected: unknown-torrent {}", Addresses.remote(ctx.channel()),
                        identified.infoHash());
            }
            reject(ctx, RejectReason.UNKNOWN_TORRENT);
            return;
        }
        state = State.CONNECTING;
        stream = identified.stream();
        queue(ctx, identified.bytes());
        connectUpstream(ctx, torrent.get());
    }

    /**
     * Holds what the peer sends while the upstream connects. Reading goes on until a high
     * water mark's worth is held: pausing and resuming every peer would cost two
     * {@code epoll_ctl} calls per connection for what is almost always a quiet wait.
     */
    private void queue(ChannelHandlerContext ctx, ByteBuf buf) {
        queued.add(buf);
        queuedBytes += buf.readableBytes();
        if (queuedBytes >= WATER_MARK.high()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void connectUpstream(ChannelHandlerContext ctx, Torrent torrent) {
        Channel inbound = ctx.channel();
        UpstreamAddress upstream = torrent.upstream();
        ChannelFuture connect = UpstreamBootstrap.forPeer(inbound, gateway.resolver()).connect(upstream.toUnresolved());
        Channel upstreamChannel = connect.channel();
        // The one deadline for the name lookup, the connect and an MSE handshake: a name
        // server that never answers cannot hold a peer longer than
        // upstream-connect-timeout either.
        Duration timeout = settings.upstreamConnectTimeout();
        upstreamDeadline = ctx.executor().schedule(() -> {
            if (state == State.CONNECTING) {
                upstreamTimedOut = true;
                upstreamChannel.close();
                connect.cancel(false);
            }
        }, Durations.toNanos(timeout), TimeUnit.NANOSECONDS);
        // An inbound peer that leaves while we connect takes the upstream attempt with
        // it.
        inbound.closeFuture().addListener(future -> {
            if (state == State.CONNECTING) {
                upstreamChannel.close();
            }
        });
        connect.addListener(future -> {
            if (!future.isSuccess()) {
                if (log.isDebugEnabled()) {
                    log.debug("peer {} rejected: upstream-unavailable {} for torrent {}: {}", Addresses.remote(inbound),
                            upstream, torrent.name(),
                            upstreamTimedOut ? "no connection within " + timeout : String.valueOf(future.cause()));
                }
                reject(ctx, RejectReason.UPSTREAM_UNAVAILABLE);
                return;
            }
            if (!inbound.isActive()) {
                upstreamChannel.close();
                return;
            }
            if (torrent.encryption() == UpstreamEncryption.MSE) {
                encryptUpstream(ctx, torrent, upstreamChannel);
            }
            else {
                startRelay(ctx, torrent, upstreamChannel, null);
            }
        });
    }

    /**
     * The MSE handshake with the upstream, inside the connect deadline; the peer's first
     * bytes (up to the initial payload's bound) go in the handshake.
     */
    private void encryptUpstream(ChannelHandlerContext ctx, Torrent torrent, Channel upstreamChannel) {
        UpstreamMseHandshake.begin(upstreamChannel, gateway, torrent.infoHash().toBytes(), takeInitialPayload(),
                new UpstreamMseHandshake.Outcome() {
                    @Override
                    public void established(ByteBuf fromUpstream) {
                        if (state != State.CONNECTING || !ctx.channel().isActive()) {
                            fromUpstream.release();
                            upstreamChannel.close();
                            return;
                        }
                        startRelay(ctx, torrent, upstreamChannel, fromUpstream);
                    }

                    @Override
                    public void failed(String reason) {
                        upstreamChannel.close();
                        if (state == State.CONNECTING) {
                            log.debug("peer {} rejected: upstream-mse-failed {} for torrent {}: {}",
                                    Addresses.remote(ctx.channel()), torrent.upstream(), torrent.name(), reason);
                            reject(ctx, RejectReason.UPSTREAM_MSE_FAILED);
                        }
                    }
                });
    }

    /**
     * Up to {@link MseResponder#MAX_INITIAL_PAYLOAD} bytes from the head of the queue.
     */
    private byte[] takeInitialPayload() {
        int length = 0;
        for (ByteBuf buf : queued) {
            length += buf.readableBytes();
        }
        byte[] payload = new byte[Math.min(length, MseResponder.MAX_INITIAL_PAYLOAD)];
        sentInHandshake = payload.length;
        int at = 0;
        while (at < payload.length) {
            ByteBuf head = queued.peek();
            int take = Math.min(head.readableBytes(), payload.length - at);
            head.readBytes(payload, at, take);
            at += take;
            if (!head.isReadable()) {
                queued.poll().release();
            }
        }
        return payload;
    }

    /**
     * @param fromUpstream what an {@code mse} upstream sent after its handshake, for the
     * peer before anything else; null when there is none
     */
    private void startRelay(ChannelHandlerContext ctx, Torrent torrent, Channel upstreamChannel, ByteBuf fromUpstream) {
        Channel inbound = ctx.channel();
        state = State.DONE;
        cancelUpstreamDeadline();
        GatewayStats stats = gateway.stats();
        TorrentMeters meters = stats.routed(torrent, stream);
        meters.opened();
        torrent.stats().connectionOpened(stream.mse());
        inbound.closeFuture().addListener(future -> {
            torrent.stats().connectionClosed();
            meters.closed();
        });
        gateway.trackUpstream(upstreamChannel);
        RelayPair pair = new RelayPair(inbound, upstreamChannel, gateway);
        upstreamChannel.pipeline()
            .addLast("relay",
                    new RelayHandler(inbound, bytes -> stats.bytesFromUpstream(torrent, meters, bytes), pair));
        if (log.isDebugEnabled()) {
            log.debug("peer {} routed to {} ({} via {})", Addresses.remote(inbound), torrent.name(), torrent.infoHash(),
                    torrent.upstream());
        }
        if (fromUpstream != null) {
            int bytes = fromUpstream.readableBytes();
            stats.bytesFromUpstream(torrent, meters, bytes);
            pair.relayedToPeer(bytes);
            inbound.writeAndFlush(fromUpstream, inbound.voidPromise());
        }
        long replayed = sentInHandshake;
        for (ByteBuf buf = queued.poll(); buf != null; buf = queued.poll()) {
            replayed += buf.readableBytes();
            upstreamChannel.write(buf, upstreamChannel.voidPromise());
        }
        upstreamChannel.flush();
        stats.bytesToUpstream(torrent, meters, replayed);
        pair.replayed(replayed);
        pair.start();
        ctx.pipeline()
            .replace(this, "relay",
                    new RelayHandler(upstreamChannel, bytes -> stats.bytesToUpstream(torrent, meters, bytes), pair));
        if (inputShutWhileConnecting) {
            // The peer finished sending before the upstream was up: pass the end on now,
            // after its bytes.
            inbound.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        }
        RelayPair.resumeReading(inbound);
        RelayPair.resumeReading(upstreamChannel);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            if (state == State.IDENTIFYING) {
                reject(ctx, RejectReason.CLOSED_EARLY);
            }
            else if (state == State.CONNECTING) {
                inputShutWhileConnecting = true;
            }
            return;
        }
        ReferenceCountUtil.release(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state == State.IDENTIFYING && holdsPending) {
            reject(ctx, RejectReason.CLOSED_EARLY);
        }
        releaseQueued();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseQueued();
        cancelTimer();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.IDENTIFYING) {
            reject(ctx, RejectReason.CLOSED_EARLY);
        }
        else {
            log.debug("peer {} failed: {}", Addresses.remote(ctx.channel()), cause.toString());
            ctx.close();
        }
    }

    private void reject(ChannelHandlerContext ctx, RejectReason reason) {
        if (state == State.DONE) {
            return;
        }
        if (state == State.IDENTIFYING) {
            endIdentification();
        }
        state = State.DONE;
        cancelUpstreamDeadline();
        gateway.stats().rejected(reason);
        if (reason != RejectReason.UNKNOWN_TORRENT && reason != RejectReason.UPSTREAM_UNAVAILABLE
                && reason != RejectReason.UPSTREAM_MSE_FAILED) {
            log.debug("peer {} rejected: {}", Addresses.remote(ctx.channel()), reason.tag());
        }
        releaseQueued();
        ctx.close();
    }

    private void endIdentification() {
        cancelTimer();
        if (holdsPending) {
            holdsPending = false;
            gateway.stats().releasePending();
        }
    }

    private void cancelTimer() {
        if (identifyTimer != null) {
            identifyTimer.cancel(false);
            identifyTimer = null;
        }
    }

    private void cancelUpstreamDeadline() {
        if (upstreamDeadline != null) {
            upstreamDeadline.cancel(false);
            upstreamDeadline = null;
        }
    }

    private void releaseQueued() {
        for (ByteBuf buf = queued.poll(); buf != null; buf = queued.poll()) {
            buf.release();
        }
    }

}
