package io.peergate.backbone;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import io.netty.channel.ChannelProgressivePromise;
import io.peergate.reticulum.HdlcEncoder;
import io.peergate.support.Addresses;
import io.peergate.support.Durations;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live backbone connection and what the node tracks about it: whether it has sent
 * anything, the bytes handed to it that the socket has not taken yet, and when its writes
 * last made progress. {@link #send} may be called from any thread; a peer that lets more
 * than {@link #MAX_PENDING_BYTES} pile up is cut at once, one whose writes make no
 * progress for {@code write-stall-timeout} is cut by the interface's sweep
 * ({@link #cutIfStalled}). Either way the others never wait for it.
 */
public final class BackbonePeer {

    private static final Logger log = LoggerFactory.getLogger(BackbonePeer.class);

    /**
     * Bytes the node holds for one peer before it gives up on it (as Reticulum's backbone
     * does).
     */
    public static final long MAX_PENDING_BYTES = 512 * 1024;

    private final long id;

    private final String name;

    private final String interfaceName;

    private final Channel channel;

    private final InetSocketAddress remote;

    private final Instant connectedAt;

    private final long connectedAtNanos;

    private final InterfaceMeters meters;

    private volatile long pendingAtClose;

    private final AtomicLong pendingBytes = new AtomicLong();

    private final AtomicReference<DisconnectReason> closeReason = new AtomicReference<>();

    private volatile long lastProgressNanos;

    private volatile boolean receivedData;

    BackbonePeer(long id, String interfaceName, Channel channel, InterfaceMeters meters) {
        this.id = id;
        this.interfaceName = interfaceName;
        this.name = interfaceName + "/" + id;
        this.channel = channel;
        this.remote = (InetSocketAddress) channel.remoteAddress();
        this.connectedAt = Instant.now();
        this.connectedAtNanos = System.nanoTime();
        this.lastProgressNanos = connectedAtNanos;
        this.meters = meters;
    }

    public long id() {
        return id;
    }

    /** {@code <interface>/<id>}. */
    public String name() {
        return name;
    }

    public String interfaceName() {
        return interfaceName;
    }

    public InetSocketAddress remote() {
        return remote;
    }

    /** {@code host:port} for logs. */
    public String remoteText() {
        return Addresses.hostPort(remote);
    }

    public Instant connectedAt() {
        return connectedAt;
    }

    public Duration connectedFor() {
        return Duration.ofNanos(System.nanoTime() - connectedAtNanos);
    }

    public boolean receivedData() {
        return receivedData;
    }

    void markReceivedData() {
        receivedData = true;
    }

    /** Bytes handed to this peer that its socket has not taken yet. */
    public long pendingBytes() {
        return pendingBytes.get();
    }

    public boolean isOpen() {
        return channel.isActive() && closeReason.get() == null;
    }

    Channel channel() {
        return channel;
    }

    /** Frames and encodes {@code payload} (released here) and sends it. */
    public boolean send(ByteBuf payload) {
        ByteBuf wire;
        try {
            wire = HdlcEncoder.frame(channel.alloc(), payload);
        }
        finally {
            payload.release();
        }
        return sendEncoded(wire);
    }

    /**
     * Sends an HDLC-framed buffer (released here, whatever happens).
     * @return false when the peer is gone or was just cut for having too much queued
     */
    boolean sendEncoded(ByteBuf wire) {
        int size = wire.readableBytes();
        if (!isOpen()) {
            wire.release();
            return false;
        }
        long before = pendingBytes.getAndAdd(size);
        // A peer with nothing queued always gets the next frame, however big: only a
        // backlog counts against it.
        if (before > 0 && before + size > MAX_PENDING_BYTES) {
            pendingBytes.addAndGet(-size);
            wire.release();
            if (close(DisconnectReason.WRITE_STALL)) {
                log.debug("[{}] {} cut: more than {} bytes queued", interfaceName, this, MAX_PENDING_BYTES);
            }
            return false;
        }
        if (before == 0) {
            lastProgressNanos = System.nanoTime();
        }
        ChannelProgressivePromise promise = channel.newProgressivePromise();
        promise.addListener(new ChannelProgressiveFutureListener() {
            @Override
            public void operationProgressed(ChannelProgressiveFuture future, long progress, long total) {
                lastProgressNanos = System.nanoTime();
            }

            @Override
            public void operationComplete(ChannelProgressiveFuture future) {
                pendingBytes.addAndGet(-size);
                if (future.isSuccess()) {
                    lastProgressNanos = System.nanoTime();
                    meters.frameOut(size);
                }
            }
        });
        channel.writeAndFlush(wire, promise);
        return true;
    }

    /**
     * Cuts the peer ({@code write-stall}) when bytes are waiting and none has left for at
     * least {@code timeout}.
     */
    void cutIfStalled(Duration timeout, long nowNanos) {
        boolean stalled = pendingBytes.get() > 0 && Durations.elapsed(lastProgressNanos, nowNanos, timeout);
        if (stalled && close(DisconnectReason.WRITE_STALL)) {
            log.debug("[{}] {} cut: writes stalled for {} with {} bytes queued", interfaceName, this,
                    Durations.format(timeout), pendingAtClose);
        }
    }

    boolean idleFor(Duration timeout, long nowNanos) {
        return !receivedData && Durations.elapsed(connectedAtNanos, nowNanos, timeout);
    }

    /** Closes the connection for {@code reason}; the first reason given wins. */
    boolean close(DisconnectReason reason) {
        if (!closeReason.compareAndSet(null, reason)) {
            return false;
        }
        pendingAtClose = pendingBytes.get();
        channel.close();
        return true;
    }

    /** Bytes that were waiting when the node closed the connection. */
    long pendingAtClose() {
        return pendingAtClose;
    }

    /**
     * Once the channel is closed: the node's reason if the node closed it, else the
     * remote end's.
     */
    DisconnectReason settleCloseReason() {
        closeReason.compareAndSet(null, DisconnectReason.REMOTE_CLOSED);
        return closeReason.get();
    }

    @Override
    public String toString() {
        return name + " (" + remoteText() + ")";
    }

}
