package io.peergate.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.buffer.ByteBufUtil;
import io.peergate.bittorrent.wire.mse.MseInitiator;
import io.peergate.bittorrent.wire.mse.MseResponder;
import io.peergate.bittorrent.wire.mse.Rc4;
import io.peergate.reticulum.HdlcEncoder;
import io.peergate.reticulum.HdlcFrameDecoder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Load against a running node (see BENCHMARKS.md). Modes:
 *
 * <ul>
 *   <li>{@code identify}: new connections at a fixed rate, each sending the preamble of a registered torrent; the
 *       driver is the torrent's upstream (the sink) and times connect-start to preamble-at-sink;
 *   <li>{@code bulk}: bytes through the gateway to the sink, and the same bytes straight to the sink;
 *   <li>{@code backbone}: P peers sending frames of S bytes; frames relayed per second and relay latency;
 *   <li>{@code idle}: K idle connections held; the node's RSS and heap per connection;
 *   <li>{@code flood}, {@code paced}: P hub peers sending as fast as they can, or at a set rate ({@link RelayLoad});
 *   <li>{@code pairs}: P hub peers in P/2 linked pairs plus periodic announces; the hub's fan-out ({@link PairsLoad}).
 * </ul>
 *
 * Options are {@code --name value}; every mode prints one result line of {@code key=value} pairs.
 */
public final class LoadDriver {

    private static final byte[] PROTOCOL = "\u0013BitTorrent protocol".getBytes(StandardCharsets.ISO_8859_1);
    private static final String INFO_HASH = "5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed";

    private final Map<String, String> options;
    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> socketChannel;
    private final Class<? extends ServerSocketChannel> serverChannel;

    private LoadDriver(Map<String, String> options) {
        this.options = options;
        int threads = Integer.parseInt(option("threads", "2"));
        if (Epoll.isAvailable()) {
            group = new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory());
            socketChannel = EpollSocketChannel.class;
            serverChannel = EpollServerSocketChannel.class;
        } else {
            group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
            socketChannel = NioSocketChannel.class;
            serverChannel = NioServerSocketChannel.class;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: LoadDriver identify|bulk|backbone|idle|flood|paced|pairs [--option value ...]; see BENCHMARKS.md");
            System.exit(2);
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        LoadDriver driver = new LoadDriver(options);
        try {
            switch (args[0]) {
                case "identify" -> driver.identify();
                case "churn" -> driver.churn();
                case "bulk" -> driver.bulk();
                case "backbone" -> driver.backbone();
                case "idle" -> driver.idle();
                case "flood", "paced" -> new RelayLoad(driver.group, driver.socketChannel, options).run(args[0]);
                case "pairs" -> new PairsLoad(options).run();
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        } finally {
            driver.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private String host() {
        return option("host", "127.0.0.1");
    }

    private int intOption(String name, int fallback) {
        return Integer.parseInt(option(name, String.valueOf(fallback)));
    }

    /** Drops whatever a connection receives; closes it on error. One instance serves every connection. */
    @io.netty.channel.ChannelHandler.Sharable
    private static final class Discard extends ChannelInboundHandlerAdapter {
        static final Discard INSTANCE = new Discard();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    // ---------------------------------------------------------------- BitTorrent

    /** The torrent's upstream: reads each connection's preamble and notes when it arrived; then counts bytes. */
    private final class Sink extends ChannelInboundHandlerAdapter {
        final Map<Long, Long> arrivals;
        final LongAdder bytes;
        private final ByteBuf head = Unpooled.buffer(48);
        private boolean identified;

        Sink(Map<Long, Long> arrivals, LongAdder bytes) {
            this.arrivals = arrivals;
            this.bytes = bytes;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                bytes.add(buf.readableBytes());
                if (!identified) {
                    head.writeBytes(buf, Math.min(buf.readableBytes(), head.writableBytes()));
                    if (head.readableBytes() == 48) {
                        identified = true;
                        arrivals.put(head.getLong(20), System.nanoTime());
                        if (Boolean.parseBoolean(option("close-after-preamble", "true"))) {
                            ctx.close();
                        }
                    }
                }
            } finally {
                buf.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            head.release();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private Channel startSink(Map<Long, Long> arrivals, LongAdder bytes) {
        return startSink(() -> new Sink(arrivals, bytes));
    }

    /** The driver's upstream, on {@code sink-host}:{@code sink-port}, each connection served by a new handler. */
    private Channel startSink(Supplier<ChannelHandler> handler) {
        return new ServerBootstrap()
                .group(group)
                .channel(serverChannel)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(handler.get());
                    }
                })
                .bind(option("sink-host", "127.0.0.1"), intOption("sink-port", 0))
                .syncUninterruptibly()
                .channel();
    }

    private int port(Channel server) {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    /** Registers the driver's sink as the upstream of the benchmark torrent through the admin API. */
    private void register(int sinkPort) throws Exception {
        if (!Boolean.parseBoolean(option("register", "true"))) {
            return;
        }
        String body = "{\"name\":\"load-driver\",\"upstream\":\"" + option("sink-host", "127.0.0.1") + ":" + sinkPort + "\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        "http://" + host() + ":" + option("http-port", "8080") + "/admin/bittorrent/torrents/" + INFO_HASH))
                .header("Content-Type", "application/json")
                .header("Authorization", basicAuth())
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("registering the torrent failed: " + response.statusCode() + " " + response.body());
        }
    }

    private String basicAuth() {
        String credentials = option("user", "admin") + ":" + option("password", "");
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuf preamble(long sequence) {
        ByteBuf buf = Unpooled.buffer(48);
        buf.writeBytes(PROTOCOL);
        buf.writeLong(sequence); // the 8 reserved bytes carry the sequence number to the sink
        buf.writeBytes(HexFormat.of().parseHex(INFO_HASH));
        return buf;
    }

    /** New connections at {@code rate}/s for {@code seconds}; latency from connect start to preamble at the sink. */
    private void identify() throws Exception {
        Map<Long, Long> arrivals = new ConcurrentHashMap<>();
        Channel sink = startSink(arrivals, new LongAdder());
        register(port(sink));
        int rate = intOption("rate", 1000);
        // The first second of a cold driver is slow on its own side: warm up, then measure.
        identifyRun(arrivals, rate, intOption("warmup-seconds", 3), false);
        arrivals.clear();
        identifyRun(arrivals, rate, intOption("seconds", 10), true);
        sink.close().syncUninterruptibly();
    }

    private void identifyRun(Map<Long, Long> arrivals, int rate, int seconds, boolean report) throws Exception {
        int port = intOption("port", 6881);
        int maxOpen = intOption("max-open", 5000);
        Semaphore open = new Semaphore(maxOpen);
        long total = (long) rate * seconds;
        long[] started = new long[(int) total];
        LongAdder failed = new LongAdder();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(socketChannel)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(Discard.INSTANCE);
        long begin = System.nanoTime();
        long intervalNanos = 1_000_000_000L / rate;
        for (long i = 0; i < total; i++) {
            waitUntil(begin + i * intervalNanos);
            open.acquire();
            long sequence = i;
            started[(int) i] = System.nanoTime();
            bootstrap.connect(host(), port).addListener((ChannelFuture future) -> {
                if (!future.isSuccess()) {
                    failed.increment();
                    open.release();
                    return;
                }
                future.channel().closeFuture().addListener(closed -> open.release());
                future.channel().writeAndFlush(preamble(sequence));
            });
        }
        long sendEnd = System.nanoTime();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (arrivals.size() + failed.sum() < total && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        // When the slow ones started: a burst (a pause somewhere) or spread out (steady queueing).
        long[] slowStarts = arrivals.entrySet().stream()
                .filter(e -> e.getValue() - started[(int) (long) e.getKey()] > 50_000_000L)
                .mapToLong(e -> (started[(int) (long) e.getKey()] - begin) / 1_000_000L)
                .sorted()
                .toArray();
        long[] latencies = arrivals.entrySet().stream()
                .mapToLong(e -> e.getValue() - started[(int) (long) e.getKey()])
                .sorted()
                .toArray();
        double elapsed = (Math.max(sendEnd, arrivals.values().stream().mapToLong(Long::longValue).max().orElse(sendEnd)) - begin) / 1e9;
        if (!report) {
            return;
        }
        System.out.printf(Locale.ROOT,
                "mode=identify target=%s:%d offered_per_s=%d connections=%d routed=%d failed=%d routed_per_s=%.0f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f over_50ms=%d started_ms=%s%n",
                host(), port, rate, total, latencies.length, failed.sum(), latencies.length / elapsed,
                percentile(latencies, 0.50) / 1e6, percentile(latencies, 0.99) / 1e6,
                latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6,
                slowStarts.length, slowStarts.length == 0 ? "-" : slowStarts[0] + ".." + slowStarts[slowStarts.length - 1]);
    }

    /**
     * Closed loop of {@code in-flight} connections at once for {@code seconds}: each connects, sends a whole 68-byte
     * handshake, waits for the upstream's 68-byte handshake back and closes, and the next one starts. Latency runs from
     * the connect to the reply's last byte.
     */
    private void churn() throws Exception {
        Channel sink = startSink(HandshakeReply::new);
        register(port(sink));
        int inFlight = intOption("in-flight", 64);
        churnRun(inFlight, intOption("warmup-seconds", 3), false);
        churnRun(inFlight, intOption("seconds", 10), true);
        sink.close().syncUninterruptibly();
    }

    private void churnRun(int inFlight, int seconds, boolean report) throws Exception {
        int port = intOption("port", 6881);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<long[]> latencies = new ArrayList<>();
        for (int i = 0; i < inFlight; i++) {
            latencies.add(new long[1 << 15]);
        }
        int[] counts = new int[inFlight];
        LongAdder failed = new LongAdder();
        CountDownLatch done = new CountDownLatch(inFlight);
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(socketChannel)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000);
        long begin = System.nanoTime();
        for (int lane = 0; lane < inFlight; lane++) {
            int me = lane;
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                if (System.nanoTime() >= end) {
                    done.countDown();
                    return;
                }
                long start = System.nanoTime();
                bootstrap.clone().handler(new HandshakeExchange(() -> {
                    long[] mine = latencies.get(me);
                    if (counts[me] < mine.length) {
                        mine[counts[me]++] = System.nanoTime() - start;
                    }
                    next[0].run();
                }, () -> {
                    failed.increment();
                    next[0].run();
                })).connect(host(), port);
            };
            next[0].run();
        }
        done.await(seconds + 30L, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - begin) / 1e9;
        if (!report) {
            return;
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int lane = 0; lane < inFlight; lane++) {
            System.arraycopy(latencies.get(lane), 0, all, at, counts[lane]);
            at += counts[lane];
        }
        Arrays.sort(all);
        System.out.printf(Locale.ROOT,
                "mode=churn target=%s:%d in_flight=%d seconds=%d connections=%d failed=%d per_s=%.0f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f%n",
                host(), port, inFlight, seconds, total, failed.sum(), total / elapsed, percentile(all, 0.50) / 1e6,
                percentile(all, 0.99) / 1e6, total == 0 ? 0 : all[total - 1] / 1e6);
    }

    /** The client side of one churn connection: handshake out, 68 bytes back, close. */
    private static final class HandshakeExchange extends ChannelInboundHandlerAdapter {

        private final Runnable replied;

        private final Runnable failed;

        private int received;

        private boolean finished;

        HandshakeExchange(Runnable replied, Runnable failed) {
            this.replied = replied;
            this.failed = failed;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ByteBuf handshake = preamble(0);
            handshake.writeZero(20); // peer id
            ctx.writeAndFlush(handshake);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            received += ((ByteBuf) msg).readableBytes();
            ReferenceCountUtil.release(msg);
            if (received >= 68 && !finished) {
                finished = true;
                ctx.close();
                replied.run();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        /** Closed before the reply, or a connect that failed and never became active. */
        @Override
        public void channelUnregistered(ChannelHandlerContext ctx) {
            if (!finished) {
                finished = true;
                failed.run();
            }
        }

    }

    /** The upstream of a churn connection: takes the 68-byte handshake and answers with one of its own. */
    private static final class HandshakeReply extends ChannelInboundHandlerAdapter {

        private int received;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            int before = received;
            received += ((ByteBuf) msg).readableBytes();
            ReferenceCountUtil.release(msg);
            if (before < 68 && received >= 68) {
                ByteBuf reply = preamble(1);
                reply.writeZero(20);
                ctx.writeAndFlush(reply);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

    }

    /** {@code mib} MiB on each of {@code streams} connections through the gateway, then straight to the sink. */
    private void bulk() throws Exception {
        options.put("close-after-preamble", "false");
        LongAdder received = new LongAdder();
        Channel sink = startSink(new ConcurrentHashMap<>(), received);
        register(port(sink));
        int mib = intOption("mib", 1024);
        int streams = intOption("streams", 1);
        String mse = option("mse", "off");
        double gateway = transfer(host(), intOption("port", 6881), mib, streams, received, mse);
        double direct = transfer(option("sink-host", "127.0.0.1"), port(sink), mib, streams, received, "off");
        System.out.printf(Locale.ROOT, "mode=bulk target=%s:%s mse=%s streams=%d mib_per_stream=%d gateway_mb_s=%.1f direct_mb_s=%.1f ratio=%.3f%n",
                host(), option("port", "6881"), mse, streams, mib, gateway, direct, gateway / direct);
        sink.close().syncUninterruptibly();
    }

    /**
     * Sends preamble + {@code mib} MiB per stream, writing only while the channel is writable; MB/s at the sink.
     * With {@code mse} {@code rc4} or {@code plaintext} each stream first makes an MSE handshake offering that
     * method (the preamble in its initial payload); with RC4 the driver encrypts what it sends, a copy per write.
     */
    private double transfer(String host, int port, int mib, int streams, LongAdder received, String mse) throws Exception {
        long before = received.sum();
        long payload = (long) mib << 20;
        long expected = streams * (payload + 48);
        ByteBuf chunk = Unpooled.directBuffer(64 * 1024).writeZero(64 * 1024);
        long start = System.nanoTime();
        List<Channel> channels = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            AtomicLong left = new AtomicLong(payload);
            ByteBuf preamble = preamble(s);
            MseInitiator initiator = mse.equals("off") ? null : new MseInitiator(new SecureRandom(),
                    HexFormat.of().parseHex(INFO_HASH), mse.equals("rc4") ? MseResponder.RC4 : MseResponder.PLAINTEXT,
                    ByteBufUtil.getBytes(preamble));
            Rc4[] encrypt = new Rc4[1];
            boolean[] established = { initiator == null };
            Channel channel = new Bootstrap()
                    .group(group)
                    .channel(socketChannel)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                            if (established[0]) {
                                pump(ctx.channel(), chunk, left, encrypt[0]);
                            }
                        }

                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ByteBuf buf = (ByteBuf) msg;
                            if (!established[0]) {
                                MseInitiator.Step step = initiator.receive(ByteBufUtil.getBytes(buf), 0, buf.readableBytes());
                                if (step instanceof MseInitiator.Continue next) {
                                    ctx.writeAndFlush(Unpooled.wrappedBuffer(next.reply()));
                                } else if (step instanceof MseInitiator.Established done) {
                                    ctx.writeAndFlush(Unpooled.wrappedBuffer(done.reply()));
                                    encrypt[0] = done.method() == MseResponder.RC4 ? done.encrypt() : null;
                                    established[0] = true;
                                    pump(ctx.channel(), chunk, left, encrypt[0]);
                                } else {
                                    throw new IllegalStateException("MSE handshake failed: " + step);
                                }
                            }
                            buf.release();
                        }
                    })
                    .connect(host, port)
                    .syncUninterruptibly()
                    .channel();
            if (initiator == null) {
                channel.writeAndFlush(preamble);
                channel.eventLoop().execute(() -> pump(channel, chunk, left, null));
            } else {
                preamble.release();
                channel.writeAndFlush(Unpooled.wrappedBuffer(initiator.open()));
            }
            channels.add(channel);
        }
        while (received.sum() - before < expected) {
            Thread.sleep(1);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Channel channel : channels) {
            channel.close().syncUninterruptibly();
        }
        chunk.release();
        return expected / seconds / 1e6;
    }

    private static void pump(Channel channel, ByteBuf chunk, AtomicLong left, Rc4 encrypt) {
        while (channel.isWritable() && left.get() > 0) {
            int n = (int) Math.min(chunk.capacity(), left.get());
            left.addAndGet(-n);
            if (encrypt == null) {
                channel.write(chunk.retainedSlice(0, n));
            } else {
                ByteBuf copy = channel.alloc().directBuffer(n).writeBytes(chunk, 0, n);
                encrypt.apply(copy);
                channel.write(copy);
            }
        }
        channel.flush();
    }

    // ---------------------------------------------------------------- backbone

    /** P peers; each sends frames of S bytes at rate/P per second; every other peer should receive each frame. */
    private void backbone() throws Exception {
        int peers = intOption("peers", 10);
        int size = Math.max(32, intOption("size", 500));
        int rate = intOption("rate", 10_000);
        int seconds = intOption("seconds", 10);
        int port = intOption("port", 4242);
        LongAdder frames = new LongAdder();
        long[] latencies = new long[Math.min(50_000_000, rate * seconds * Math.max(1, peers - 1) + 1)];
        AtomicLong recorded = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(peers);
        List<Channel> channels = new ArrayList<>();
        for (int p = 0; p < peers; p++) {
            Channel channel = new Bootstrap()
                    .group(group)
                    .channel(socketChannel)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HdlcFrameDecoder(1 << 20, reason -> {}), new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ByteBuf frame = (ByteBuf) msg;
                                    long latency = System.nanoTime() - frame.getLong(frame.readerIndex() + 10);
                                    frame.release();
                                    frames.increment();
                                    long slot = recorded.getAndIncrement();
                                    if (slot < latencies.length) {
                                        latencies[(int) slot] = latency;
                                    }
                                }
                            });
                        }
                    })
                    .connect(host(), port)
                    .syncUninterruptibly()
                    .channel();
            channels.add(channel);
            ready.countDown();
        }
        ready.await();
        Thread.sleep(500); // every peer admitted before the first frame
        // A cold driver is slow on its own side at first: warm up, then measure.
        sendFrames(channels, size, rate, intOption("warmup-seconds", 3), 1L << 40);
        long warmupExpected = (long) rate * intOption("warmup-seconds", 3) * (peers - 1);
        long warmDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (frames.sum() < warmupExpected && System.nanoTime() < warmDeadline) {
            Thread.sleep(5);
        }
        frames.reset();
        recorded.set(0);
        long total = (long) rate * seconds;
        long begin = System.nanoTime();
        sendFrames(channels, size, rate, seconds, 0);
        long expected = total * (peers - 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (frames.sum() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        double elapsed = (System.nanoTime() - begin) / 1e9;
        long[] sorted = Arrays.copyOf(latencies, (int) Math.min(recorded.get(), latencies.length));
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT,
                "mode=backbone peers=%d size=%d offered_frames_per_s=%d sent=%d expected_deliveries=%d delivered=%d delivered_per_s=%.0f p50_ms=%.3f p99_ms=%.3f%n",
                peers, size, rate, total, expected, frames.sum(), frames.sum() / elapsed,
                percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6);
        for (Channel channel : channels) {
            channel.close();
        }
    }

    /** Parks until {@code System.nanoTime()} reaches {@code due}; no spinning, since the node shares the machine. */
    private static void waitUntil(long due) {
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
    }

    /** Sends {@code rate × seconds} frames round-robin from the peers; sequence numbers start at {@code firstSequence}. */
    private static void sendFrames(List<Channel> channels, int size, int rate, int seconds, long firstSequence) {
        long total = (long) rate * seconds;
        long begin = System.nanoTime();
        long intervalNanos = 1_000_000_000L / rate;
        for (long i = 0; i < total; i++) {
            waitUntil(begin + i * intervalNanos);
            Channel sender = channels.get((int) (i % channels.size()));
            ByteBuf payload = Unpooled.buffer(size);
            payload.writeByte(0).writeByte(0).writeLong(firstSequence + i).writeLong(System.nanoTime());
            payload.writeZero(size - payload.writerIndex());
            ByteBuf wire = HdlcEncoder.frame(sender.alloc(), payload);
            payload.release();
            sender.writeAndFlush(wire);
        }
    }

    // ---------------------------------------------------------------- idle

    /** Opens K connections that never send, holds them, and reads the node's RSS and heap before and after. */
    private void idle() throws Exception {
        int connections = intOption("connections", 10_000);
        int port = intOption("port", 4242);
        String pid = option("pid", "");
        long heapBefore = heapAfterGc(pid); // after a full GC, so both readings start from a settled heap
        long rssBefore = rss(pid);
        Semaphore inFlight = new Semaphore(200);
        List<Channel> channels = java.util.Collections.synchronizedList(new ArrayList<>());
        LongAdder failed = new LongAdder();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(socketChannel)
                .handler(Discard.INSTANCE);
        for (int i = 0; i < connections; i++) {
            inFlight.acquire();
            bootstrap.connect(host(), port).addListener((ChannelFuture future) -> {
                inFlight.release();
                if (future.isSuccess()) {
                    channels.add(future.channel());
                } else {
                    failed.increment();
                }
            });
        }
        inFlight.acquire(200);
        Thread.sleep(intOption("settle-ms", 3000));
        long open = channels.stream().filter(Channel::isActive).count();
        long heapAfter = heapAfterGc(pid);
        long rssAfter = rss(pid);
        System.out.printf(Locale.ROOT,
                "mode=idle target=%s:%d requested=%d open=%d failed=%d rss_before_mib=%.1f rss_after_mib=%.1f rss_per_conn_bytes=%.0f heap_before_mib=%.1f heap_after_mib=%.1f heap_per_conn_bytes=%.0f%n",
                host(), port, connections, open, failed.sum(), rssBefore / 1048576.0, rssAfter / 1048576.0,
                open == 0 ? 0 : (rssAfter - rssBefore) / (double) open, heapBefore / 1048576.0, heapAfter / 1048576.0,
                open == 0 ? 0 : (heapAfter - heapBefore) / (double) open);
        for (Channel channel : channels) {
            channel.close();
        }
    }

    /** Resident set of the node in bytes, from /proc (0 without a pid). */
    private static long rss(String pid) throws IOException {
        return memoryKib(pid, "VmRSS:") * 1024;
    }

    /** A memory line of /proc/PID/status ({@code VmRSS:}, {@code VmHWM:}), in KiB (0 without a pid). */
    static long memoryKib(String pid, String key) throws IOException {
        if (pid.isEmpty()) {
            return 0;
        }
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    /** Heap in use after a full GC, from jcmd (0 without a pid). */
    private static long heapAfterGc(String pid) throws Exception {
        if (pid.isEmpty()) {
            return 0;
        }
        new ProcessBuilder("jcmd", pid, "GC.run").redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
        Process info = new ProcessBuilder("jcmd", pid, "GC.heap_info").redirectErrorStream(true).start();
        String text = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        info.waitFor(30, TimeUnit.SECONDS);
        var matcher = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K").matcher(text);
        long used = 0;
        while (matcher.find()) {
            used += Long.parseLong(matcher.group(1)) * 1024;
        }
        return used;
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
