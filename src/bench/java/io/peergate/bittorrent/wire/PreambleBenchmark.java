package io.peergate.bittorrent.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.peergate.bittorrent.TorrentRegistry;
import io.peergate.bittorrent.UpstreamAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Classifying the first bytes of a connection: a valid preamble, encrypted traffic, another protocol. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class PreambleBenchmark {

    private ByteBuf valid;
    private ByteBuf encrypted;
    private ByteBuf http;
    private TorrentRegistry registry;

    @Setup
    public void setUp() {
        byte[] preamble = new byte[48];
        preamble[0] = 19;
        System.arraycopy("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII), 0, preamble, 1, 19);
        for (int i = 28; i < 48; i++) {
            preamble[i] = (byte) (i * 7);
        }
        valid = Unpooled.directBuffer(48).writeBytes(preamble);
        encrypted = Unpooled.directBuffer(48).writeBytes(new byte[] {(byte) 0x8f, 1, 2, 3});
        http = Unpooled.directBuffer(48).writeBytes("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        registry = new TorrentRegistry();
        for (int t = 0; t < 1000; t++) {
            byte[] hash = new byte[20];
            hash[0] = (byte) t;
            hash[1] = (byte) (t >> 8);
            registry.put(InfoHash.fromBytes(hash, 0), "t" + t, new UpstreamAddress("127.0.0.1", 6881));
        }
        byte[] hash = new byte[20];
        valid.getBytes(28, hash);
        registry.put(InfoHash.fromBytes(hash, 0), "bench", new UpstreamAddress("127.0.0.1", 6881));
    }

    @Benchmark
    public Object validPreamble() {
        return Preamble.classify(valid);
    }

    /** Classification and the registry lookup that routes the connection. */
    @Benchmark
    public Object validPreambleRouted() {
        Preamble.Identified identified = (Preamble.Identified) Preamble.classify(valid);
        return registry.find(identified.infoHash());
    }

    @Benchmark
    public Object encryptedRejected() {
        return Preamble.classify(encrypted);
    }

    @Benchmark
    public Object otherProtocolRejected() {
        return Preamble.classify(http);
    }
}
