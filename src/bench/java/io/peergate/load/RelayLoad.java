package io.peergate.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hub load (see BENCHMARKS.md): P peers on one relay, every frame should reach the P−1 others.
 *
 * <ul>
 *   <li>{@code flood}: each peer sends F frames of S bytes as fast as the relay takes them (the peer writes while its
 *       socket is writable) and reads everything it is sent;
 *   <li>{@code paced}: each peer sends R frames of S bytes per second for T seconds.
 * </ul>
 *
 * A frame carries its sender, a sequence number and its send time, so a receiver counts each frame once (relays keep
 * order per sender and receiver, so a sequence number not above the last one seen is a repeat) and times it. With
 * {@code --pid}, the relay's CPU time and memory are read from /proc around the measured span. Prints one line of
 * {@code key=value}.
 */
final class RelayLoad {

    private static final int HEADER = 2 + 4 + 8 + 8; // flags, hops, sender, sequence, send time

    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> socketChannel;
    private final Map<String, String> options;

    RelayLoad(EventLoopGroup group, Class<? extends SocketChannel> socketChannel, Map<String, String> options) {
        this.group = group;
        this.socketChannel = socketChannel;
        this.options = options;
    }

    private int intOption(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, String.valueOf(fallback)));
    }

    /**
     * What one connection saw. Counted by its own event loop into fields of its own, so the driver's threads never
     * share a cache line per frame received (a shared counter would make the driver, not the relay, the limit).
     */
    private static final class Peer {
        final int id;
        long[] lastSeen;
        Channel channel;
        long sent;
        volatile boolean closed;
        final AtomicLong unique = new AtomicLong();
        final AtomicLong repeats = new AtomicLong();
        final AtomicLong lastDeliveryNanos = new AtomicLong();
        final long[] latencies;
        int recorded;
        /** A frame's FLAG and escaped header, built here before one bulk write. */
        final byte[] head = new byte[1 + 2 * HEADER];

        Peer(int id, int peers, int latencyCap) {
            this.id = id;
            this.lastSeen = new long[peers];
            this.latencies = new long[latencyCap];
            Arrays.fill(lastSeen, -1);
        }

        /** On the peer's event loop only. */
        void delivered(int sender, long sequence, long sentAt, int peers) {
            if (sender < 0 || sender >= peers || sequence <= lastSeen[sender]) {
                repeats.lazySet(repeats.get() + 1);
                return;
            }
            long now = System.nanoTime();
            lastSeen[sender] = sequence;
            unique.lazySet(unique.get() + 1);
            lastDeliveryNanos.lazySet(now);
            if (recorded < latencies.length) {
                latencies[recorded++] = now - sentAt;
            }
        }
    }

    void run(String mode) throws Exception {
        boolean flood = mode.equals("flood");
        int peers = intOption("peers", 4);
        int size = Math.max(HEADER, intOption("size", 64));
        int framesPerPeer = intOption("frames", 20_000);
        int rate = intOption("rate", 400);
        int seconds = intOption("seconds", 10);
        String host = options.getOrDefault("host", "127.0.0.1");
        int port = intOption("port", 4242);
        String pid = options.getOrDefault("pid", "");
        String label = options.getOrDefault("label", "relay");

        warmUp(size);
        int latencyCap = 20_000_000 / peers;
        AtomicInteger cut = new AtomicInteger();
        List<Peer> all = new ArrayList<>();
        for (int p = 0; p < peers; p++) {
            Peer peer = new Peer(p, peers, latencyCap);
            all.add(peer);
            peer.channel = new Bootstrap().group(group)
                    .channel(socketChannel)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                private final HeaderScanner scanner = new HeaderScanner(
                                        (sender, sequence, sentAt) -> peer.delivered(sender, sequence, sentAt, peers), size);

                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ByteBuf bytes = (ByteBuf) msg;
                                    try {
                                        scanner.scan(bytes);
                                    } finally {
                                        bytes.release();
                                    }
                                }

                                @Override
                                public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                                    if (flood && ctx.channel().isWritable()) {
                                        pumpFlood(peer, size, framesPerPeer);
                                    }
                                    ctx.fireChannelWritabilityChanged();
                                }

                                @Override
                                public void channelInactive(ChannelHandlerContext ctx) {
                                    peer.closed = true;
                                    cut.incrementAndGet();
                                }

                                @Override
                                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                    ctx.close();
                                }
                            });
                        }
                    })
                    .connect(host, port)
                    .syncUninterruptibly()
                    .channel();
        }
        Thread.sleep(1000); // every peer admitted before the first frame

        long[] cpuBefore = cpu(pid);
        long[] driverBefore = cpu("self");
        long begin = System.nanoTime();
        long expected;
        List<ScheduledFuture<?>> pacers = new ArrayList<>();
        if (flood) {
            for (Peer peer : all) {
                peer.channel.eventLoop().execute(() -> pumpFlood(peer, size, framesPerPeer));
            }
            expected = (long) peers * (peers - 1) * framesPerPeer;
        } else {
            for (Peer peer : all) {
                pacers.add(peer.channel.eventLoop().scheduleAtFixedRate(
                        () -> pace(peer, size, rate, seconds, begin), 0, 1, TimeUnit.MILLISECONDS));
            }
            expected = (long) peers * (peers - 1) * rate * seconds;
        }
        // Until every frame has arrived, or nothing has arrived for 3 s after the senders are done.
        long sendSpan = flood ? 0 : TimeUnit.SECONDS.toNanos(seconds);
        long lastCount = -1;
        long stillSince = System.nanoTime();
        while (sum(all, peer -> peer.unique) < expected) {
            Thread.sleep(50);
            long count = sum(all, peer -> peer.unique);
            long now = System.nanoTime();
            if (count != lastCount) {
                lastCount = count;
                stillSince = now;
            } else if (now - begin > sendSpan && now - stillSince > TimeUnit.SECONDS.toNanos(3)) {
                break;
            }
            if (all.stream().allMatch(peer -> peer.closed)) {
                break;
            }
        }
        long end = Math.max(all.stream().mapToLong(peer -> peer.lastDeliveryNanos.get()).max().orElse(0), begin + 1);
        long[] cpuAfter = cpu(pid);
        long[] driverAfter = cpu("self");
        pacers.forEach(pacer -> pacer.cancel(false));
        int cutPeers = cut.get();
        for (Peer peer : all) {
            peer.channel.close().syncUninterruptibly(); // its counts and latencies are final from here
        }
        double elapsed = (end - begin) / 1e9;
        long delivered = sum(all, peer -> peer.unique);
        long[] sorted = all.stream()
                .flatMapToLong(peer -> Arrays.stream(peer.latencies, 0, peer.recorded))
                .sorted()
                .toArray();
        long sent = all.stream().mapToLong(peer -> peer.sent).sum();
        System.out.printf(Locale.ROOT,
                "mode=%s relay=%s peers=%d size=%d %s sent=%d expected_deliveries=%d delivered=%d lost=%d repeats=%d "
                        + "cut_peers=%d seconds=%.2f deliveries_per_s=%.0f p50_ms=%.3f p99_ms=%.3f relay_cpu_pct=%.0f "
                        + "driver_cpu_pct=%.0f relay_rss_mib=%.1f relay_peak_rss_mib=%.1f%n",
                mode, label, peers, size,
                flood ? "frames_per_peer=" + framesPerPeer : "rate_per_peer=" + rate + " send_seconds=" + seconds,
                sent, expected, delivered, expected - delivered, sum(all, peer -> peer.repeats), cutPeers, elapsed,
                delivered / elapsed, LoadDriver.percentile(sorted, 0.50) / 1e6, LoadDriver.percentile(sorted, 0.99) / 1e6,
                cpuPercent(cpuBefore, cpuAfter, elapsed), cpuPercent(driverBefore, driverAfter, elapsed),
                LoadDriver.memoryKib(pid, "VmRSS:") / 1024.0,
                LoadDriver.memoryKib(pid, "VmHWM:") / 1024.0);
    }

    private static long sum(List<Peer> all, java.util.function.Function<Peer, AtomicLong> counter) {
        return all.stream().mapToLong(peer -> counter.apply(peer).get()).sum();
    }

    /** Told each frame's header fields as the scanner finds them. */
    private interface HeaderListener {
        void frame(int sender, long sequence, long sentAt);
    }

    /**
     * Finds HDLC frames in the byte stream and reads only their first {@link #HEADER} bytes: the driver must outrun
     * the relay it measures, so it allocates nothing per frame, reads an unescaped header in place (three loads) and
     * skips the padding with a word-at-a-time search for the next FLAG. A header with an escape in it, or split
     * between two reads, is unescaped byte by byte.
     */
    private static final class HeaderScanner {
        private final HeaderListener listener;
        /** Zero bytes after the header of every frame of the run (never escaped): where its closing FLAG is. */
        private final int padding;
        private final byte[] header = new byte[HEADER];
        private int length;
        private boolean escaped;
        private boolean inFrame;
        private int sender;
        private long sequence;
        private long sentAt;
        /** The scan position is right after a header this read: the frame's FLAG is {@code padding} ahead. */
        private boolean afterHeader;

        HeaderScanner(HeaderListener listener, int size) {
            this.listener = listener;
            this.padding = size - HEADER;
        }

        void scan(ByteBuf bytes) {
            int at = bytes.readerIndex();
            int end = bytes.writerIndex();
            afterHeader = false;
            while (at < end) {
                if (inFrame && length == 0 && at + HEADER <= end && plain(bytes, at)) {
                    sender = bytes.getInt(at + 2);
                    sequence = bytes.getLong(at + 6);
                    sentAt = bytes.getLong(at + 14);
                    length = HEADER;
                    at += HEADER;
                    afterHeader = true;
                }
                if (inFrame && length >= HEADER) {
                    // every frame of a run has the same size: look where its FLAG should be first
                    int expected = at + padding;
                    int flag = afterHeader && expected < end && bytes.getByte(expected) == 0x7E
                            ? expected
                            : bytes.indexOf(at, end, (byte) 0x7E);
                    afterHeader = false;
                    if (flag < 0) {
                        return;
                    }
                    at = flag;
                }
                process(bytes.getByte(at++));
            }
        }

        /** No FLAG or ESC among the header bytes at {@code at}. */
        private static boolean plain(ByteBuf bytes, int at) {
            for (int i = at; i < at + HEADER; i++) {
                byte b = bytes.getByte(i);
                if (b == 0x7E || b == 0x7D) {
                    return false;
                }
            }
            return true;
        }

        private void process(byte value) {
            if (value == 0x7E) {
                if (inFrame && length >= HEADER) {
                    listener.frame(sender, sequence, sentAt); // the whole frame is in
                }
                inFrame = true;
                length = 0;
                escaped = false;
                return;
            }
            if (!inFrame || length >= HEADER) {
                return;
            }
            if (value == 0x7D) {
                escaped = true;
                return;
            }
            header[length++] = escaped ? (byte) (value ^ 0x20) : value;
            escaped = false;
            if (length == HEADER) {
                afterHeader = true;
                java.nio.ByteBuffer fields = java.nio.ByteBuffer.wrap(header);
                sender = fields.getInt(2);
                sequence = fields.getLong(6);
                sentAt = fields.getLong(14);
            }
        }
    }

    /**
     * Runs the driver's own hot paths (building frames, scanning them) for a moment before the clock starts: each
     * run is a new JVM, and compiling them during the run would take CPU from the relay being measured.
     */
    private static void warmUp(int size) {
        Peer peer = new Peer(0, 1, 0);
        long[] seen = {0};
        HeaderScanner scanner = new HeaderScanner((sender, sequence, sentAt) -> seen[0] += sequence, size);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        while (System.nanoTime() < until) {
            ByteBuf frames = batch(ByteBufAllocator.DEFAULT, peer, size, peer.sent + 1000);
            scanner.scan(frames);
            frames.release();
        }
    }

    /** Writes this peer's next frames while its socket takes them; on its event loop. */
    private static void pumpFlood(Peer peer, int size, int framesPerPeer) {
        Channel channel = peer.channel;
        boolean wrote = false;
        while (channel.isActive() && channel.isWritable() && peer.sent < framesPerPeer) {
            channel.write(batch(channel.alloc(), peer, size, framesPerPeer), channel.voidPromise());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    /** Sends the frames due by now at {@code rate} per second; on the peer's event loop, every millisecond. */
    private static void pace(Peer peer, int size, int rate, int seconds, long begin) {
        long elapsed = System.nanoTime() - begin;
        long due = Math.min((long) rate * seconds, elapsed * rate / 1_000_000_000L);
        Channel channel = peer.channel;
        boolean wrote = false;
        while (peer.sent < due && channel.isActive()) {
            channel.write(batch(channel.alloc(), peer, size, due), channel.voidPromise());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    /**
     * The peer's next frames up to {@code until}, HDLC-encoded back to back in one buffer of about 16 KiB: the
     * driver must outrun the relay it measures, so it writes many frames per call, each header escaped in an array
     * and the padding (zeros, nothing to escape) filled in bulk.
     */
    private static ByteBuf batch(ByteBufAllocator alloc, Peer peer, int size, long until) {
        int worstFrame = 2 * size + 2;
        ByteBuf out = alloc.directBuffer(Math.max(16 * 1024, worstFrame));
        byte[] head = peer.head;
        while (peer.sent < until && out.writableBytes() >= worstFrame) {
            long sequence = peer.sent++;
            int n = 0;
            head[n++] = 0x7E;
            n = escaped(head, n, 0);
            n = escaped(head, n, 0);
            for (int shift = 24; shift >= 0; shift -= 8) {
                n = escaped(head, n, peer.id >>> shift);
            }
            for (int shift = 56; shift >= 0; shift -= 8) {
                n = escaped(head, n, (int) (sequence >>> shift));
            }
            long now = System.nanoTime();
            for (int shift = 56; shift >= 0; shift -= 8) {
                n = escaped(head, n, (int) (now >>> shift));
            }
            out.writeBytes(head, 0, n);
            out.writeZero(size - HEADER);
            out.writeByte(0x7E);
        }
        return out;
    }

    private static int escaped(byte[] out, int at, int value) {
        byte b = (byte) value;
        if (b == 0x7E || b == 0x7D) {
            out[at++] = 0x7D;
            out[at++] = (byte) (b ^ 0x20);
        } else {
            out[at++] = b;
        }
        return at;
    }

    /** utime and stime of the process, in clock ticks (0 without a pid). */
    static long[] cpu(String pid) throws IOException {
        if (pid.isEmpty()) {
            return new long[] {0, 0};
        }
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    }

    static double cpuPercent(long[] before, long[] after, double seconds) {
        long ticks = (after[0] - before[0]) + (after[1] - before[1]);
        return ticks / 100.0 / seconds * 100; // USER_HZ is 100 on Linux
    }
}
