package io.peergate.backbone;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The frames waiting for one peer. Any thread may {@link #offer} a bundle of frames
 * (encoded once and shared between all destinations, never modified): what fits goes into
 * a lock-free queue as one entry, and the first entry after a drain schedules one task on
 * the peer's event loop that writes everything waiting, small entries copied together
 * into batches, and flushes once. The task writes only while the channel is writable
 * (below Netty's high water mark) and resumes when it becomes writable again, so the
 * socket's buffer holds little and the rest waits here, where it is counted against
 * {@code max-queued}.
 *
 * <p>
 * The bytes counted against the limit are those in this queue plus those in Netty's
 * outbound buffer (which counts its per-write overhead too), so a peer's memory is
 * bounded by the limit plus one frame. Progress is the outbound buffer shrinking: the
 * bytes handed to Netty minus those still pending there is what the socket has taken,
 * observed on the event loop without a promise per write.
 */
final class SendQueue implements Runnable {

    /** What became of an offered frame. */
    enum Offer {

        /** Queued. */
        QUEUED,
        /** Queued, and the queue is now more than half full. */
        BACKLOGGED,
        /**
         * Refused, in part or whole: it would have taken the queue past its limit.
         */
        OVER_LIMIT,
        /** Refused: the connection is gone. */
        CLOSED;

        boolean queued() {
            return this == QUEUED || this == BACKLOGGED;
        }

    }

    /** Frames queued together: one bundle's share for this peer. */
    private record Queued(ByteBuf wire, int frames) {
    }

    /**
     * Write-and-flush rounds per drain before the task yields the event loop to its other
     * channels.
     */
    private static final int MAX_ROUNDS = 8;

    /**
     * Queued bytes past which a frame offered on the peer's own event loop is written at
     * once instead of by the drain task.
     */
    private static final long INLINE_DRAIN_BYTES = 64 * 1024;

    /**
     * Entries up to this size are copied into one buffer per batch rather than written
     * one by one: a memory copy of a few small frames costs less than an outbound entry
     * and its reference counting each.
     */
    private static final int COPY_MAX_BYTES = 2048;

    private static final int BATCH_BYTES = 16 * 1024;

    private final Channel channel;

    private final InterfaceMeters meters;

    private final Queue<Queued> frames = PlatformDependent.newMpscQueue();

    private final AtomicLong waiting = new AtomicLong();

    private final AtomicBoolean scheduled = new AtomicBoolean();

    private volatile boolean closed;

    private volatile long lastProgressNanos;

    /** Bytes handed to Netty, in its own accounting; event loop only. */
    private long handed;

    /** What the socket had taken at the last look; event loop only. */
    private long written;

    SendQueue(Channel channel, InterfaceMeters meters) {
        this.channel = channel;
        this.meters = meters;
        this.lastProgressNanos = System.nanoTime();
    }

    /** {@link #offer}'s answer when the connection is gone. */
    static final int CLOSED = -1;

    /**
     * Queues the first frames of {@code bundle} that fit within {@code limit} (with
     * {@code takePart}), or all of them or none (without). An empty queue takes at least
     * the first frame, however large. When a drain has to be scheduled, it joins
     * {@code batch} (null for none: it is scheduled at once).
     * @return how many frames were queued, or {@link #CLOSED}
     */
    int offer(FrameBundle bundle, long limit, boolean takePart, DrainBatch batch) {
        if (closed) {
            return CLOSED;
        }
        int size = bundle.bytes();
        int count = bundle.frames();
        long queued = waiting.getAndAdd(size) + inNetty();
        if (queued + size > limit) {
            int fit = Math.max(queued == 0 ? 1 : 0, bundle.framesWithin(limit - queued));
            if (fit < count) {
                count = takePart ? fit : 0;
                int taken = bundle.bytesOf(count);
                waiting.addAndGet(taken - size);
                size = taken;
                if (count == 0) {
                    return 0;
                }
            }
        }
        if (queued == 0) {
            lastProgressNanos = System.nanoTime(); // the stall clock starts now
        }
        frames.offer(new Queued(bundle.share(count), count));
        if (closed) {
            onLoop(this::releaseAll); // closed meanwhile: make sure nothing stays behind
        }
        else if (channel.eventLoop().inEventLoop() && queued + size > Math.min(limit / 2, INLINE_DRAIN_BYTES)) {
            // Relayed from a read on this peer's own loop: the task would only run after
            // the whole read batch (up to a megabyte), so write now rather than fill up.
            scheduled.set(true);
            run();
        }
        else if (scheduled.compareAndSet(false, true)) {
            if (batch != null) {
                batch.add(channel.eventLoop(), this);
            }
            else {
                onLoop(this);
            }
        }
        return count;
    }

    /** Drains: on the event loop only. */
    @Override
    public void run() {
        if (closed || !channel.isActive()) {
            releaseAll();
            return;
        }
        long frameCount = 0;
        long byteCount = 0;
        for (int round = 0; round < MAX_ROUNDS && channel.isWritable(); round++) {
            long pendingBefore = inNetty();
            long roundBytes = 0;
            ByteBuf batch = null;
            Queued queued;
            while (channel.isWritable() && (queued = frames.poll()) != null) {
                ByteBuf frame = queued.wire();
                int size = frame.readableBytes();
                roundBytes += size;
                frameCount += queued.frames();
                if (size > COPY_MAX_BYTES) {
                    batch = write(batch); // a view of its own: written as it is
                    channel.write(frame, channel.voidPromise());
                    continue;
                }
                if (batch != null && batch.writableBytes() < size) {
                    batch = write(batch);
                }
                if (batch == null) {
                    batch = channel.alloc().directBuffer(BATCH_BYTES);
                }
                batch.writeBytes(frame, frame.readerIndex(), size);
                frame.release();
            }
            write(batch);
            if (roundBytes == 0) {
                break;
            }
            waiting.addAndGet(-roundBytes); // after the writes: counted twice for a
                                            // moment,
                                            // never not at all
            byteCount += roundBytes;
            handed += inNetty() - pendingBefore; // unflushed so far: exactly what was
                                                 // added
            channel.flush();
            observeProgress(System.nanoTime());
        }
        if (frameCount > 0) {
            meters.framesOut(frameCount, byteCount);
        }
        if (frames.isEmpty()) {
            scheduled.set(false);
            if (!frames.isEmpty() && scheduled.compareAndSet(false, true)) {
                onLoop(this); // a frame came between the last poll and the reset
            }
        }
        else if (channel.isWritable()) {
            onLoop(this); // more than MAX_ROUNDS worth: let the loop's other channels in
        }
        // else: the socket is full; resume() runs again when the channel turns writable
    }

    /** Hands a batch of small frames to Netty; null when there was none. */
    private ByteBuf write(ByteBuf batch) {
        if (batch != null) {
            channel.write(batch, channel.voidPromise());
        }
        return null;
    }

    /** The channel became writable again: drain what waited. Event loop only. */
    void resume() {
        observeProgress(System.nanoTime());
        if (channel.isWritable() && !frames.isEmpty()) {
            run();
        }
    }

    /** Notes progress if the socket took bytes since the last look. Event loop only. */
    void observeProgress(long nowNanos) {
        long taken = handed - inNetty();
        if (taken > written) {
            written = taken;
            lastProgressNanos = nowNanos;
        }
    }

    /**
     * More than half of {@code limit} is waiting now: the mark past which a destination
     * counts as backed up when the relay decides whether to pause a sender.
     */
    boolean backlogged(long limit) {
        return queuedBytes() * 2 > limit;
    }

    /** Bytes waiting here and in Netty's outbound buffer. */
    long queuedBytes() {
        return waiting.get() + inNetty();
    }

    /**
     * When bytes last left for the socket, or when the queue last went from empty to
     * non-empty.
     */
    long lastProgressNanos() {
        return lastProgressNanos;
    }

    /**
     * The connection is gone: everything waiting is released, and so is whatever is
     * offered from now on. Event loop only.
     */
    void close() {
        closed = true;
        releaseAll();
    }

    private void releaseAll() {
        Queued queued;
        while ((queued = frames.poll()) != null) {
            waiting.addAndGet(-queued.wire().readableBytes());
            queued.wire().release();
        }
    }

    private long inNetty() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    private void onLoop(Runnable task) {
        try {
            channel.eventLoop().execute(task);
        }
        catch (RejectedExecutionException e) {
            // the loop has shut down with the node: its buffers go with it
        }
    }

}
