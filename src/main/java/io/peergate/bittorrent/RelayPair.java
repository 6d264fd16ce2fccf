package io.peergate.bittorrent;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.ScheduledFuture;
import io.peergate.support.Durations;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The two channels of one relay and the timers that end it: {@code relay-idle-timeout}
 * (no byte either way) and {@code write-stall-timeout} (bytes waiting toward one side and
 * none leaving). Both are read from the gateway's settings at every check, so a change
 * reaches relays already open. How the relay ended is counted once, when both channels
 * are closed. Touched only from the pair's shared event loop.
 */
final class RelayPair {

    /** The longest gap between two checks: how late an idle or stall close can be. */
    static final Duration MAX_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final Channel inbound;

    private final Channel upstream;

    private final GatewayContext gateway;

    private final Direction toUpstream = new Direction();

    private final Direction toInbound = new Direction();

    private long lastActivityNanos;

    private RelayCloseReason closeReason;

    private int openChannels = 2;

    private ScheduledFuture<?> check;

    RelayPair(Channel inbound, Channel upstream, GatewayContext gateway) {
        this.inbound = inbound;
        this.upstream = upstream;
        this.gateway = gateway;
    }

    /**
     * Starts the checks; once both channels are closed, stops them and counts how the
     * relay ended.
     */
    void start() {
        lastActivityNanos = System.nanoTime();
        toUpstream.progressNanos = lastActivityNanos;
        toInbound.progressNanos = lastActivityNanos;
        ChannelFutureListener closed = future -> {
            if (--openChannels == 0) {
                if (check != null) {
                    check.cancel(false);
                }
                gateway.stats().relayClosed(closeReason != null ? closeReason : RelayCloseReason.CLOSED);
            }
        };
        inbound.closeFuture().addListener(closed);
        upstream.closeFuture().addListener(closed);
        scheduleCheck();
    }

    /** {@code bytes} read from {@code from} and written toward the other side. */
    void relayed(Channel from, int bytes) {
        lastActivityNanos = System.nanoTime();
        (from == inbound ? toUpstream : toInbound).written += bytes;
    }

    /**
     * {@code bytes} written to the upstream before the relay started (the preamble and
     * what followed it).
     */
    void replayed(long bytes) {
        toUpstream.written += bytes;
    }

    /**
     * {@code bytes} written to the peer before the relay started (what an {@code mse}
     * upstream sent after its handshake).
     */
    void relayedToPeer(long bytes) {
        toInbound.written += bytes;
    }

    private void scheduleCheck() {
        GatewaySettings settings = gateway.settings();
        long shortest = Math.min(Durations.toNanos(settings.relayIdleTimeout()),
                Durations.toNanos(settings.writeStallTimeout()));
        long interval = Math.max(1, Math.min(Durations.toNanos(MAX_CHECK_INTERVAL), shortest / 4));
        check = inbound.eventLoop().schedule(this::check, interval, TimeUnit.NANOSECONDS);
    }

    private void check() {
        if (!inbound.isActive() || !upstream.isActive()) {
            return; // ending already: the half-close timeout bounds what is left
        }
        GatewaySettings settings = gateway.settings();
        long now = System.nanoTime();
        if (Durations.elapsed(lastActivityNanos, now, settings.relayIdleTimeout())) {
            closeBoth(RelayCloseReason.IDLE_TIMEOUT);
        }
        else if (toUpstream.stalled(upstream, now, settings.writeStallTimeout())
                || toInbound.stalled(inbound, now, settings.writeStallTimeout())) {
            closeBoth(RelayCloseReason.WRITE_STALL);
        }
        else {
            scheduleCheck();
        }
    }

    /**
     * Reads from {@code channel} again, unless its input is already over (epoll refuses
     * to re-arm it then).
     */
    static void resumeReading(Channel channel) {
        if (channel.isActive() && !inputShut(channel)) {
            channel.config().setAutoRead(true);
        }
    }

    private static boolean inputShut(Channel channel) {
        return channel instanceof DuplexChannel duplex && duplex.isInputShutdown();
    }

    /** Bytes handed to {@code channel} that its socket has not taken yet. */
    static long pendingBytes(Channel channel) {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    boolean bothInputsShut() {
        return inputShut(inbound) && inputShut(upstream);
    }

    long halfCloseTimeoutMillis() {
        return gateway.halfCloseTimeout().toMillis();
    }

    /** Both sides are done sending: deliver what is queued each way, then close. */
    void closeBothAfterFlush() {
        inbound.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        upstream.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** Closes both sides; the first reason given is the one counted. */
    void closeBoth(RelayCloseReason reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        inbound.close();
        upstream.close();
    }

    /** Bytes written toward one side, and when some of them last left. */
    private static final class Direction {

        long written;

        long left;

        long progressNanos;

        /** Bytes are waiting toward {@code to} and none has left for {@code timeout}. */
        boolean stalled(Channel to, long now, Duration timeout) {
            long pending = pendingBytes(to);
            long nowLeft = written - pending;
            if (pending == 0 || nowLeft > left) {
                left = nowLeft;
                progressNanos = now;
                return false;
            }
            return Durations.elapsed(progressNanos, now, timeout);
        }

    }

}
