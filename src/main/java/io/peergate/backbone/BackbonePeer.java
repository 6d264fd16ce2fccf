package io.peergate.backbone;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.peergate.reticulum.FrameDropReason;
import io.peergate.reticulum.HdlcEncoder;
import io.peergate.support.Addresses;
import io.peergate.support.DataSizes;
import io.peergate.support.Durations;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live backbone connection and what the node tracks about it: whether it has sent
 * anything, its send queue ({@link SendQueue}), the frames dropped for it, and when its
 * writes last made progress. {@link #sendBundle} may be called from any thread. A frame
 * that would take the peer past {@code max-queued} is dropped for this peer alone, or
 * cuts it when the interface says {@code on-queue-full: cut}; a peer whose writes make no
 * progress at all for {@code write-stall-timeout} is cut by the interface's sweep
 * ({@link #cutIfStalled}). Either way the others never wait for it.
 */
public final class BackbonePeer {

    private static final Logger log = LoggerFactory.getLogger(BackbonePeer.class);

    private static final long DRAINING_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** How often at most a peer's ongoing drops are logged. */
    private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final long id;

    private final String name;

    private final String interfaceName;

    private final Channel channel;

    private final Supplier<AnnounceControlSettings> announceControl;

    private final AnnounceIngress announces;

    private final UnicastBundles unicastPending = new UnicastBundles();

    private final InetSocketAddress remote;

    private final Instant connectedAt;

    private final long connectedAtNanos;

    private final InterfaceMeters meters;

    private final Supplier<? extends SendQueueSettings> settings;

    private final SendQueue queue;

    private final LongAdder queueFullDrops = new LongAdder();

    private final LongAdder ingressLimitDrops = new LongAdder();

    private volatile long lastDropLogNanos;

    private volatile long pendingAtClose;

    private final AtomicReference<DisconnectReason> closeReason = new AtomicReference<>();

    private volatile boolean receivedData;

    private final MeshRole mesh;

    /**
     * @param announceControl the announce ingress control of the peer's interface, read
     * at every announce
     */
    BackbonePeer(long id, String interfaceName, MeshRole mesh, Channel channel, InterfaceMeters meters,
            Supplier<? extends SendQueueSettings> settings, Supplier<AnnounceControlSettings> announceControl) {
        this.announceControl = announceControl;
        this.id = id;
        this.mesh = mesh;
        this.interfaceName = interfaceName;
        this.name = interfaceName + "/" + id;
        this.channel = channel;
        this.remote = (InetSocketAddress) channel.remoteAddress();
        this.connectedAt = Instant.now();
        this.connectedAtNanos = System.nanoTime();
        this.meters = meters;
        this.settings = settings;
        this.queue = new SendQueue(channel, meters);
        this.announces = new AnnounceIngress(connectedAtNanos);
        this.lastDropLogNanos = connectedAtNanos - DROP_LOG_INTERVAL_NANOS;
    }

    public long id() {
        return id;
    }

    public MeshRole mesh() {
        return mesh;
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

    /**
     * Bytes handed to this peer that its socket has not taken yet (the node's queue and
     * the socket's buffer).
     */
    public long pendingBytes() {
        return queue.queuedBytes();
    }

    /** Frames not sent to this peer because its queue was full. */
    public long queueFullDrops() {
        return queueFullDrops.sum();
    }

    /** Frames from this peer dropped for its interface's ingress limit. */
    public long ingressLimitDrops() {
        return ingressLimitDrops.sum();
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
        FrameBundle bundle = FrameBundle.of(channel.alloc(), wire);
        try {
            return sendBundle(bundle, null).queued();
        }
        finally {
            bundle.clear();
        }
    }

    /**
     * Queues {@code bundle}'s frames, or as many of the first of them as fit in
     * {@code max-queued}; the rest are dropped for this peer, or cut it when the
     * interface says {@code on-queue-full: cut}. The bundle stays the caller's. The drain
     * it needs joins {@code batch} (null for none: it is scheduled at once).
     * @return what became of the frames: all queued (perhaps into a queue now more than
     * half full), or not all, because the queue was full (dropped, or the peer cut) or
     * the peer is gone
     */
    SendQueue.Offer sendBundle(FrameBundle bundle, DrainBatch batch) {
        if (closeReason.get() != null) {
            return SendQueue.Offer.CLOSED;
        }
        SendQueueSettings limits = settings.get();
        long maxQueued = limits.maxQueued().toBytes();
        boolean cut = limits.onQueueFull() == QueueFullAction.CUT;
        int queued = queue.offer(bundle, maxQueued, !cut, batch);
        if (queued == SendQueue.CLOSED) {
            return SendQueue.Offer.CLOSED;
        }
        if (queued == bundle.frames()) {
            return queue.backlogged(maxQueued) ? SendQueue.Offer.BACKLOGGED : SendQueue.Offer.QUEUED;
        }
        if (cut) {
            if (close(DisconnectReason.QUEUE_FULL)) {
                log.debug("[{}] {} cut: more than {} queued", interfaceName, this,
                        DataSizes.format(limits.maxQueued()));
            }
            return SendQueue.Offer.OVER_LIMIT;
        }
        int dropped = bundle.frames() - queued;
        queueFullDrops.add(dropped);
        meters.dropped(FrameDropReason.QUEUE_FULL, dropped);
        long now = System.nanoTime();
        long last = lastDropLogNanos;
        if (now - last >= DROP_LOG_INTERVAL_NANOS && log.isDebugEnabled()) {
            lastDropLogNanos = now;
            log.debug("[{}] {} is not keeping up: dropping frames past {} queued ({} dropped so far)", interfaceName,
                    this, DataSizes.format(limits.maxQueued()), queueFullDrops.sum());
        }
        return SendQueue.Offer.OVER_LIMIT;
    }

    /**
     * More than half of {@code max-queued} is waiting and the socket took bytes within
     * the last second: a peer that is behind but draining, worth pausing senders for. A
     * peer that takes nothing is not: frames for it are shed, so a few dead or
     * never-reading connections cannot hold up the hub.
     */
    boolean backlogged(long nowNanos) {
        return queue.backlogged(settings.get().maxQueued().toBytes()) && draining(nowNanos);
    }

    /** The socket took bytes within the last second. */
    boolean draining(long nowNanos) {
        return nowNanos - queue.lastProgressNanos() < DRAINING_NANOS;
    }

    /** The frame from this peer was over its ingress limit and went nowhere. */
    void droppedForIngressLimit() {
        ingressLimitDrops.increment();
        meters.dropped(FrameDropReason.INGRESS_LIMIT);
    }

    /** Netty's writability flipped; event loop only. */
    void writabilityChanged() {
        queue.resume();
    }

    /**
     * Cuts the peer ({@code write-stall}) when bytes are waiting and the socket has taken
     * none for at least {@code timeout}. The sweep only suspects; the verdict is given on
     * the peer's event loop, after a last look at the socket's progress.
     */
    void cutIfStalled(Duration timeout, long nowNanos) {
        if (!suspectedStalled(timeout, nowNanos) || closeReason.get() != null) {
            return;
        }
        channel.eventLoop().execute(() -> {
            long now = System.nanoTime();
            queue.observeProgress(now);
            if (suspectedStalled(timeout, now) && close(DisconnectReason.WRITE_STALL)) {
                log.debug("[{}] {} cut: writes made no progress for {} with {} bytes queued", interfaceName, this,
                        Durations.format(timeout), pendingAtClose);
            }
        });
    }

    private boolean suspectedStalled(Duration timeout, long nowNanos) {
        return queue.queuedBytes() > 0 && Durations.elapsed(queue.lastProgressNanos(), nowNanos, timeout);
    }

    boolean idleFor(Duration timeout, long nowNanos) {
        return !receivedData && Durations.elapsed(connectedAtNanos, nowNanos, timeout);
    }

    /** Closes the connection for {@code reason}; the first reason given wins. */
    boolean close(DisconnectReason reason) {
        if (!closeReason.compareAndSet(null, reason)) {
            return false;
        }
        pendingAtClose = queue.queuedBytes();
        channel.close();
        return true;
    }

    /** Bytes that were waiting when the node closed the connection. */
    long pendingAtClose() {
        return pendingAtClose;
    }

    /**
     * The channel has closed (on its event loop): what still waited is released, and so
     * is whatever is sent from now on.
     */
    void connectionClosed() {
        queue.close();
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

    AnnounceControlSettings announceControl() {
        return announceControl.get();
    }

    AnnounceIngress announces() {
        return announces;
    }

    /**
     * This peer's frames for learned destinations, not yet sent (its event loop only).
     */
    UnicastBundles unicastPending() {
        return unicastPending;
    }

    /** This peer's announces under ingress control. */
    public record AnnounceCounts(int heldNow, long held, long released, long dropped) {
    }

    public AnnounceCounts announceCounts() {
        return new AnnounceCounts(announces.heldNow(), announces.held(), announces.released(), announces.dropped());
    }

    InterfaceMeters meters() {
        return meters;
    }

}
