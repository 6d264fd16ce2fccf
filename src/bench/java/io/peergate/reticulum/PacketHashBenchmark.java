package io.peergate.reticulum;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.peergate.backbone.PacketHashWindow;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Duplicate suppression per frame: hashing a packet and checking it against a full window of 65 536 hashes, for
 * new packets (each evicts the oldest) and for duplicates.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class PacketHashBenchmark {

    @Param({"64", "500"})
    public int size;

    private static final int DISTINCT = 1 << 17;
    private ByteBuf[] packets;
    private PacketHashWindow window;
    private int next;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(7);
        packets = new ByteBuf[DISTINCT];
        for (int i = 0; i < DISTINCT; i++) {
            byte[] bytes = new byte[size];
            for (int j = 0; j < size; j++) {
                bytes[j] = (byte) random.nextInt(256);
            }
            packets[i] = Unpooled.wrappedBuffer(bytes);
        }
        window = new PacketHashWindow(65_536);
        for (int i = 0; i < 65_536; i++) {
            window.firstSeen(packets[i]);
        }
        next = 65_536;
    }

    /** A packet not in the window: hashed, remembered, the oldest forgotten. */
    @Benchmark
    public boolean newPacket() {
        boolean first = window.firstSeen(packets[next]);
        next = (next + 1) & (DISTINCT - 1);
        return first;
    }

    /** A packet seen moments ago: hashed and dropped. */
    @Benchmark
    public boolean duplicate() {
        return window.firstSeen(packets[(next - 1) & (DISTINCT - 1)]);
    }

    /** The hash alone. */
    @Benchmark
    public byte[] hashOnly() {
        next = (next + 1) & (DISTINCT - 1);
        return PacketHash.of(packets[next]);
    }
}
