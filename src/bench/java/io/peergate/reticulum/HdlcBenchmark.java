package io.peergate.reticulum;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * HDLC encode and decode throughput. Each operation handles about 1 MiB of payload as frames of {@code size} bytes
 * whose bytes are FLAG or ESC with probability {@code escapes}; the {@code payloadBytes} counter gives payload
 * bytes per second (divide by 1e6 for MB/s). Decode runs the real {@link HdlcFrameDecoder} in a channel pipeline,
 * fed the batch as one read or in 64 KiB reads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class HdlcBenchmark {

    private static final int BATCH_BYTES = 1 << 20;
    private static final int READ_BYTES = 64 * 1024;

    @Param({"64", "512", "4096", "65536"})
    public int size;

    @Param({"0", "0.01", "0.5"})
    public double escapes;

    private ByteBuf[] payloads;
    private ByteBuf wire;
    private int batchPayloadBytes;
    private EmbeddedChannel decoder;
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;

    /** Payload bytes handled, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long payloadBytes;
    }

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        int frames = Math.max(1, BATCH_BYTES / size);
        payloads = new ByteBuf[frames];
        wire = alloc.directBuffer();
        for (int f = 0; f < frames; f++) {
            byte[] bytes = new byte[size];
            for (int i = 0; i < size; i++) {
                double roll = random.nextDouble();
                if (roll < escapes / 2) {
                    bytes[i] = Hdlc.FLAG;
                } else if (roll < escapes) {
                    bytes[i] = Hdlc.ESC;
                } else {
                    byte b;
                    do {
                        b = (byte) random.nextInt(256);
                    } while (b == Hdlc.FLAG || b == Hdlc.ESC);
                    bytes[i] = b;
                }
            }
            payloads[f] = alloc.directBuffer(size).writeBytes(bytes);
            HdlcEncoder.encode(payloads[f], wire);
        }
        batchPayloadBytes = frames * size;
        decoder = new EmbeddedChannel(new HdlcFrameDecoder(Math.max(size, 1 << 20), reason -> {
            throw new IllegalStateException("dropped " + reason);
        }), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
            }
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (ByteBuf payload : payloads) {
            payload.release();
        }
        wire.release();
        decoder.finishAndReleaseAll();
    }

    @Benchmark
    public void encode(Bytes bytes) {
        ByteBuf out = alloc.directBuffer(wire.readableBytes());
        for (ByteBuf payload : payloads) {
            HdlcEncoder.encode(payload, out);
        }
        out.release();
        bytes.payloadBytes += batchPayloadBytes;
    }

    /** The whole batch as one read: frames never cross a read. */
    @Benchmark
    public void decode(Bytes bytes) {
        // read-only, so the decoder's cumulation never writes into the shared batch
        decoder.writeInbound(wire.asReadOnly().retainedDuplicate());
        bytes.payloadBytes += batchPayloadBytes;
    }

    /** The batch in 64 KiB reads, as a socket delivers it: frames cross reads and are gathered. */
    @Benchmark
    public void decodeIn64KiBReads(Bytes bytes) {
        ByteBuf readOnly = wire.asReadOnly();
        int end = readOnly.writerIndex();
        for (int at = readOnly.readerIndex(); at < end; at += READ_BYTES) {
            decoder.writeInbound(readOnly.retainedSlice(at, Math.min(READ_BYTES, end - at)));
        }
        bytes.payloadBytes += batchPayloadBytes;
    }
}
