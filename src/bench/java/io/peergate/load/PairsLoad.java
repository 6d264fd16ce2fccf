package io.peergate.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.peergate.reticulum.HdlcEncoder;
import io.peergate.reticulum.PacketHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code pairs} scenario (see BENCHMARKS.md): P raw peers on one hub, in P/2 pairs. Each peer announces a
 * destination of its own; in each pair the first sends a link request to the second's destination and the second
 * proves it, as Reticulum nodes set up a link; then for T seconds every peer sends R link packets a second to its
 * pair, and every peer announces again every A seconds. Reports the frames written to the peers per frame the peers
 * sent (the hub's fan-out: P−1 when flooding, about 1 when it learns), the frames delivered per second and, with
 * {@code --pid}, the hub's CPU. Run it against a node with {@code relay-mode: flood} and one with {@code learn}.
 */
final class PairsLoad {

    private static final int FLAG = 0x7E;

    private final Map<String, String> options;

    PairsLoad(Map<String, String> options) {
        this.options = options;
    }

    private int intOption(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, String.valueOf(fallback)));
    }

    void run() throws Exception {
        int peers = Math.max(2, intOption("peers", 16) / 2 * 2);
        int rate = intOption("rate", 50);
        int seconds = intOption("seconds", 10);
        int announceEvery = intOption("announce-every", 2);
        int size = Math.max(24, intOption("size", 200));
        String host = options.getOrDefault("host", "127.0.0.1");
        int port = intOption("port", 4242);
        String pid = options.getOrDefault("pid", "");
        long run = ThreadLocalRandom.current().nextLong();

        List<Socket> sockets = new ArrayList<>();
        List<AtomicLong> flags = new ArrayList<>();
        for (int p = 0; p < peers; p++) {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5000);
            sockets.add(socket);
            AtomicLong counted = new AtomicLong();
            flags.add(counted);
            Thread reader = new Thread(() -> countFlags(socket, counted), "pairs-reader-" + p);
            reader.setDaemon(true);
            reader.start();
        }
        Thread.sleep(500);
        AtomicLong sent = new AtomicLong();
        // announces, then link requests, then their proofs: the hub learns in that order
        for (int p = 0; p < peers; p++) {
            send(sockets.get(p), announce(run, p, 0), sent);
        }
        Thread.sleep(500);
        byte[][] links = new byte[peers / 2][];
        for (int pair = 0; pair < peers / 2; pair++) {
            byte[] request = packet(0x02, destination(run, pair + peers / 2), 0, keys(run, pair));
            links[pair] = linkId(request);
            send(sockets.get(pair), request, sent);
        }
        Thread.sleep(500);
        for (int pair = 0; pair < peers / 2; pair++) {
            send(sockets.get(pair + peers / 2), packet(0x0F, links[pair], 0xFF, fill(run, pair, 99)), sent);
        }
        Thread.sleep(500);

        long framesBefore = sum(flags) / 2;
        long sentBefore = sent.get();
        long[] cpuBefore = RelayLoad.cpu(pid);
        long begin = System.nanoTime();
        List<Thread> senders = new ArrayList<>();
        for (int p = 0; p < peers; p++) {
            int peer = p;
            byte[] link = links[p % (peers / 2)];
            Thread sender = new Thread(() -> pace(sockets.get(peer), peer, link, run, rate, seconds, announceEvery,
                    size, begin, sent), "pairs-sender-" + p);
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join();
        }
        Thread.sleep(1000); // what is in flight arrives
        double span = (System.nanoTime() - begin) / 1e9;
        long[] cpuAfter = RelayLoad.cpu(pid);
        long delivered = sum(flags) / 2 - framesBefore;
        long frames = sent.get() - sentBefore;
        double cpu = pid.isEmpty() ? Double.NaN : RelayLoad.cpuPercent(cpuBefore, cpuAfter, span);
        System.out.printf(Locale.ROOT,
                "mode=pairs peers=%d rate=%d seconds=%d size=%d sent=%d delivered=%d fanout=%.2f delivered_per_s=%.0f"
                        + " hub_cpu_pct=%.1f%n",
                peers, rate, seconds, size, frames, delivered, (double) delivered / frames, delivered / span, cpu);
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private static void pace(Socket socket, int peer, byte[] link, long run, int rate, int seconds, int announceEvery,
            int size, long begin, AtomicLong sent) {
        long end = begin + seconds * 1_000_000_000L;
        long interval = 1_000_000_000L / rate;
        long next = begin;
        long nextAnnounce = begin + announceEvery * 1_000_000_000L;
        int sequence = 0;
        try {
            while (true) {
                long now = System.nanoTime();
                if (now >= end) {
                    return;
                }
                if (now >= nextAnnounce) {
                    send(socket, announce(run, peer, (int) ((now - begin) / 1_000_000)), sent);
                    nextAnnounce += announceEvery * 1_000_000_000L;
                }
                if (now >= next) {
                    byte[] data = new byte[size - 19];
                    ByteBuffer.wrap(data).putLong(run).putInt(peer).putInt(sequence++);
                    send(socket, packet(0x0C, link, 0, data), sent);
                    next += interval;
                }
                else {
                    Thread.sleep(Math.max(0, Math.min(next, nextAnnounce) - now) / 1_000_000);
                }
            }
        }
        catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] announce(long run, int peer, int round) {
        return packet(0x01, destination(run, peer), 0, fill(run, peer * 100_000 + round, 150));
    }

    private static byte[] destination(long run, int peer) {
        return ByteBuffer.allocate(16).putLong(run).putLong(peer).array();
    }

    private static byte[] keys(long run, int pair) {
        return fill(run, 1_000_000 + pair, 64);
    }

    private static byte[] fill(long run, int seed, int length) {
        byte[] bytes = new byte[length];
        ByteBuffer.wrap(bytes).putLong(run).putInt(seed);
        return bytes;
    }

    private static byte[] packet(int flags, byte[] destination, int context, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(flags);
        out.write(0);
        out.writeBytes(destination);
        out.write(context);
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static byte[] linkId(byte[] request) {
        ByteBuf frame = Unpooled.wrappedBuffer(request);
        try {
            var id = PacketHeader.linkId(frame, PacketHeader.parse(frame));
            return ByteBuffer.allocate(16).putLong(id.high()).putLong(id.low()).array();
        }
        finally {
            frame.release();
        }
    }

    private static void send(Socket socket, byte[] payload, AtomicLong sent) throws IOException {
        // a heap wrapper of the array: nothing to release
        ByteBuf frame = HdlcEncoder.frame(UnpooledByteBufAllocator.DEFAULT, Unpooled.wrappedBuffer(payload));
        try {
            OutputStream out = socket.getOutputStream();
            synchronized (socket) {
                frame.readBytes(out, frame.readableBytes());
            }
        }
        finally {
            frame.release();
        }
        sent.incrementAndGet();
    }

    private static void countFlags(Socket socket, AtomicLong flags) {
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = socket.getInputStream();
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                long count = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == FLAG) {
                        count++;
                    }
                }
                flags.addAndGet(count);
            }
        }
        catch (IOException e) {
            // closed at the end of the run
        }
    }

    private static long sum(List<AtomicLong> counters) {
        return counters.stream().mapToLong(AtomicLong::get).sum();
    }

}
