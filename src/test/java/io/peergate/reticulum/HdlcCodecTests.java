package io.peergate.reticulum;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class HdlcCodecTests {

    private static final int MTU = 4096;

    private final Map<FrameDropReason, Integer> drops = new EnumMap<>(FrameDropReason.class);

    private EmbeddedChannel decoder(int mtu) {
        return new EmbeddedChannel(new HdlcFrameDecoder(mtu, reason -> drops.merge(reason, 1, Integer::sum)));
    }

    static byte[] frame(byte[] payload) {
        ByteBuf out = Unpooled.buffer();
        HdlcEncoder.encode(Unpooled.wrappedBuffer(payload), out);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        out.release();
        return bytes;
    }

    private static List<byte[]> drain(EmbeddedChannel channel) {
        List<byte[]> frames = new ArrayList<>();
        for (ByteBuf buf = channel.readInbound(); buf != null; buf = channel.readInbound()) {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            frames.add(bytes);
        }
        return frames;
    }

    @Test
    void encoderEscapesFlagAndEscExactly() {
        ByteBuf payload = Unpooled.wrappedBuffer(new byte[] { 0x01, 0x7E, 0x7D, 0x02 });
        ByteBuf out = HdlcEncoder.frame(UnpooledByteBufAllocator.DEFAULT, payload);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        out.release();
        assertThat(bytes).containsExactly(0x7E, 0x01, 0x7D, 0x5E, 0x7D, 0x5D, 0x02, 0x7E);
        assertThat(out.capacity()).as("sized exactly").isEqualTo(8);
        assertThat(payload.readerIndex()).as("payload untouched").isZero();
        payload.release();
    }

    @Test
    void roundTripsRandomPayloadsWithRunsOfFlagsAndEscapes() {
        Random random = new Random(7);
        for (int n = 0; n < 50; n++) {
            byte[] payload = new byte[20 + random.nextInt(MTU - 20)];
            random.nextBytes(payload);
            int runs = random.nextInt(5);
            for (int r = 0; r < runs; r++) {
                int at = random.nextInt(payload.length);
                int len = Math.min(payload.length - at, 1 + random.nextInt(40));
                byte b = random.nextBoolean() ? Hdlc.FLAG : Hdlc.ESC;
                for (int i = at; i < at + len; i++) {
                    payload[i] = b;
                }
            }
            EmbeddedChannel channel = decoder(MTU);
            channel.writeInbound(Unpooled.wrappedBuffer(frame(payload)));
            assertThat(drain(channel)).singleElement().isEqualTo(payload);
            assertThat(channel.finish()).isFalse();
        }
        assertThat(drops).isEmpty();
    }

    @Test
    void fragmentedInputReassemblesAndCoalescedInputSplits() {
        byte[] a = payload(32, (byte) 1);
        byte[] b = payload(300, Hdlc.FLAG);
        byte[] c = payload(25, Hdlc.ESC);
        byte[] stream = concat(frame(a), frame(b), frame(c));

        EmbeddedChannel oneByteAtATime = decoder(MTU);
        for (byte x : stream) {
            oneByteAtATime.writeInbound(Unpooled.wrappedBuffer(new byte[] { x }));
        }
        assertThat(drain(oneByteAtATime)).containsExactly(a, b, c);

        EmbeddedChannel coalesced = decoder(MTU);
        coalesced.writeInbound(Unpooled.wrappedBuffer(stream));
        assertThat(drain(coalesced)).containsExactly(a, b, c);

        // A closing FLAG that opens the next frame (shared FLAG), and empty frames
        // between.
        byte[] shared = concat(new byte[] { Hdlc.FLAG, Hdlc.FLAG },
                java.util.Arrays.copyOf(frame(a), frame(a).length - 1), frame(c));
        EmbeddedChannel sharing = decoder(MTU);
        sharing.writeInbound(Unpooled.wrappedBuffer(shared));
        assertThat(drain(sharing)).containsExactly(a, c);
        assertThat(oneByteAtATime.finish() || coalesced.finish() || sharing.finish()).isFalse();
        assertThat(drops).isEmpty();
    }

    @Test
    void inputEndingOnAFlagLeavesNothingBuffered() {
        HdlcFrameDecoder decoder = new HdlcFrameDecoder(MTU, reason -> drops.merge(reason, 1, Integer::sum));
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        byte[] a = payload(40, (byte) 3);
        byte[] b = payload(50, Hdlc.ESC);
        channel.writeInbound(Unpooled.wrappedBuffer(concat(frame(a), frame(b))));
        assertThat(decoder.bufferedBytes()).as("the closing FLAG is consumed, not kept for the next read").isZero();
        // A frame whose opening FLAG came in the previous read still decodes.
        byte[] c = payload(30, (byte) 9);
        byte[] framedC = frame(c);
        channel.writeInbound(Unpooled.wrappedBuffer(java.util.Arrays.copyOfRange(framedC, 1, framedC.length)));
        assertThat(drain(channel)).containsExactly(a, b, c);
        assertThat(channel.finish()).isFalse();
        assertThat(drops).isEmpty();
    }

    @Test
    void framesBiggerThanTheKeptScratchArrayRoundTrip() {
        byte[] big = new byte[5 * 1024 * 1024];
        new java.util.Random(5).nextBytes(big); // about 1 byte in 128 is FLAG or ESC
        EmbeddedChannel channel = decoder(8 * 1024 * 1024);
        channel.writeInbound(Unpooled.wrappedBuffer(frame(big)));
        assertThat(drain(channel)).singleElement().isEqualTo(big);
        assertThat(channel.finish()).isFalse();
        assertThat(drops).isEmpty();
    }

    @Test
    void shortFramesAreDroppedAndCounted() {
        EmbeddedChannel channel = decoder(MTU);
        channel.writeInbound(Unpooled.wrappedBuffer(
                concat(frame(payload(19, (byte) 3)), frame(payload(1, (byte) 3)), frame(payload(20, (byte) 3)))));
        assertThat(drain(channel)).containsExactly(payload(20, (byte) 3));
        assertThat(drops).containsEntry(FrameDropReason.TOO_SHORT, 2);
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void framesOverMtuAreDroppedAndCounted() {
        EmbeddedChannel channel = decoder(64);
        channel
            .writeInbound(Unpooled.wrappedBuffer(concat(frame(payload(65, (byte) 4)), frame(payload(64, (byte) 5)))));
        assertThat(drain(channel)).containsExactly(payload(64, (byte) 5));
        assertThat(drops).containsEntry(FrameDropReason.TOO_LONG, 1);
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void unterminatedInputPastTwiceMtuIsDiscardedAndCounted() {
        EmbeddedChannel channel = decoder(64);
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] { Hdlc.FLAG }));
        for (int i = 0; i < 10; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(payload(50, (byte) 9)));
        }
        assertThat(drops).containsEntry(FrameDropReason.UNTERMINATED, 1); // what follows
                                                                          // without a
                                                                          // FLAG is noise
        // The decoder recovers: the next good frame gets through.
        channel.writeInbound(Unpooled.wrappedBuffer(frame(payload(40, (byte) 6))));
        assertThat(drain(channel)).containsExactly(payload(40, (byte) 6));
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aFrameOverTwiceMtuThatClosesInALaterReadIsDroppedAsTooLong() {
        EmbeddedChannel channel = decoder(64);
        byte[] framed = frame(payload(140, (byte) 4));
        channel.writeInbound(Unpooled.wrappedBuffer(java.util.Arrays.copyOfRange(framed, 0, 100)));
        channel.writeInbound(Unpooled.wrappedBuffer(
                concat(java.util.Arrays.copyOfRange(framed, 100, framed.length), frame(payload(40, (byte) 6)))));
        assertThat(drain(channel)).containsExactly(payload(40, (byte) 6));
        assertThat(drops).containsOnly(java.util.Map.entry(FrameDropReason.TOO_LONG, 1));
        assertThat(channel.finish()).isFalse();
    }

    @Property(tries = 200)
    void decodeOfEncodeIsIdentity(@ForAll("payloads") byte[] payload) {
        EmbeddedChannel channel = decoder(65535);
        channel.writeInbound(Unpooled.wrappedBuffer(frame(payload)));
        assertThat(drain(channel)).singleElement().isEqualTo(payload);
        assertThat(channel.finish()).isFalse();
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        Arbitrary<Byte> bytes = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, Arbitraries.bytes()),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Hdlc.FLAG)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Hdlc.ESC)));
        return bytes.array(byte[].class).ofMinSize(20).ofMaxSize(65535);
    }

    @Property(tries = 200)
    void garbageNeverThrowsAndNeverHoldsMoreThanTwiceMtu(@ForAll("garbage") List<byte[]> chunks) {
        int mtu = 256;
        HdlcFrameDecoder decoder = new HdlcFrameDecoder(mtu, reason -> {
        });
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        for (byte[] chunk : chunks) {
            channel.writeInbound(Unpooled.wrappedBuffer(chunk));
            assertThat(decoder.bufferedBytes()).isLessThanOrEqualTo(2 * mtu);
            for (ByteBuf frame : drainBufs(channel)) {
                assertThat(frame.readableBytes()).isBetween(20, mtu);
                frame.release();
            }
        }
        channel.finishAndReleaseAll();
    }

    @Provide
    Arbitrary<List<byte[]>> garbage() {
        Arbitrary<Byte> bytes = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(20, Arbitraries.bytes()),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Hdlc.FLAG)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Hdlc.ESC)));
        return bytes.array(byte[].class).ofMaxSize(700).list().ofMaxSize(20);
    }

    private static List<ByteBuf> drainBufs(EmbeddedChannel channel) {
        List<ByteBuf> frames = new ArrayList<>();
        for (ByteBuf buf = channel.readInbound(); buf != null; buf = channel.readInbound()) {
            frames.add(buf);
        }
        return frames;
    }

    static byte[] payload(int length, byte fill) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, fill);
        if (length > 0) {
            bytes[0] = (byte) length;
        }
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        int total = 0;
        for (byte[] part : parts) {
            total += part.length;
        }
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

}
