package io.peergate.backbone;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.peergate.reticulum.HdlcEncoder;
import java.util.Arrays;

/**
 * Frames relayed from one sender, HDLC-encoded back to back in one buffer that every
 * destination shares: each destination queues one entry per bundle instead of one per
 * frame, and the bytes exist once however many peers they go to. The bundle remembers
 * where each frame ends, so a destination with room for only part of it takes whole
 * frames and drops the rest. Filled and dispatched on the sender's event loop; what
 * destinations hold of it is never written again.
 */
final class FrameBundle {

    /** Bytes after which the sender's handler dispatches the bundle. */
    static final int FULL_BYTES = 12 * 1024;

    private static final int INITIAL_CAPACITY = 16 * 1024;

    private ByteBufAllocator alloc;

    private ByteBuf buffer;

    /** Where each frame ends in {@code buffer}; the first starts at 0. */
    private int[] ends = new int[64];

    private int frames;

    /** Appends the frame of {@code payload}'s readable bytes, leaving it untouched. */
    void add(ByteBufAllocator alloc, ByteBuf payload) {
        if (buffer == null) {
            this.alloc = alloc;
            buffer = alloc.directBuffer(INITIAL_CAPACITY);
        }
        HdlcEncoder.encode(payload, buffer);
        append(buffer.writerIndex());
    }

    /** A bundle of one already-encoded frame, taking over {@code wire}'s reference. */
    static FrameBundle of(ByteBufAllocator alloc, ByteBuf wire) {
        FrameBundle bundle = new FrameBundle();
        bundle.alloc = alloc;
        bundle.buffer = wire.readerIndex() == 0 ? wire : wire.discardReadBytes();
        bundle.append(wire.writerIndex());
        return bundle;
    }

    private void append(int end) {
        if (frames == ends.length) {
            ends = Arrays.copyOf(ends, frames * 2);
        }
        ends[frames++] = end;
    }

    boolean full() {
        return bytes() >= FULL_BYTES;
    }

    boolean isEmpty() {
        return frames == 0;
    }

    int frames() {
        return frames;
    }

    int bytes() {
        return frames == 0 ? 0 : ends[frames - 1];
    }

    /** Bytes of the first {@code count} frames. */
    int bytesOf(int count) {
        return count == 0 ? 0 : ends[count - 1];
    }

    /** How many of the first frames fit in {@code room} bytes. */
    int framesWithin(long room) {
        int low = 0;
        int high = frames;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (ends[middle - 1] <= room) {
                low = middle;
            }
            else {
                high = middle - 1;
            }
        }
        return low;
    }

    /**
     * Ready to be shared: a bundle that fills less than half of its buffer moves into one
     * of its own size, so a queue that holds it for long holds no more memory than it
     * counts.
     */
    void seal() {
        int bytes = bytes();
        if (buffer != null && bytes * 2 < buffer.capacity()) {
            ByteBuf exact = alloc.directBuffer(bytes, bytes).writeBytes(buffer, 0, bytes);
            buffer.release();
            buffer = exact;
        }
    }

    /**
     * The first {@code count} frames for one destination, which owns the returned buffer:
     * the shared bytes when it takes them all, a copy of the part it has room for
     * otherwise, so a part never holds a whole bundle in memory.
     */
    ByteBuf share(int count) {
        if (count == frames) {
            return buffer.retainedSlice(0, bytes());
        }
        int bytes = bytesOf(count);
        return alloc.directBuffer(bytes, bytes).writeBytes(buffer, 0, bytes);
    }

    /** Lets go of the frames: what destinations hold stays theirs. */
    void clear() {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
        frames = 0;
    }

}
