package io.peergate.bittorrent.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.peergate.bittorrent.RejectReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreambleDecoderTests {

    private static final InfoHash HASH = Handshakes.hash((byte) 0x42);

    @Test
    void wholePreambleInOneRead() {
        EmbeddedChannel channel = new EmbeddedChannel(new PreambleDecoder());
        channel.writeInbound(Unpooled.wrappedBuffer(Handshakes.preamble(HASH)));
        Preamble.Identified identified = channel.readInbound();
        try {
            assertThat(identified.infoHash()).isEqualTo(HASH);
            assertThat(bytes(identified.bytes())).isEqualTo(Handshakes.preamble(HASH));
        }
        finally {
            identified.release();
        }
        assertThat(channel.pipeline().get(PreambleDecoder.class)).as("leaves the pipeline").isNull();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void preambleByteByByteThenTrailingBytesPassThrough() {
        EmbeddedChannel channel = new EmbeddedChannel(new PreambleDecoder());
        byte[] preamble = Handshakes.preamble(HASH);
        for (int i = 0; i < 47; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] { preamble[i] }));
            assertThat((Object) channel.readInbound()).isNull();
        }
        byte[] lastAndMore = { preamble[47], 'p', 'e', 'e', 'r' };
        channel.writeInbound(Unpooled.wrappedBuffer(lastAndMore));
        Preamble.Identified identified = channel.readInbound();
        assertThat(identified.infoHash()).isEqualTo(HASH);
        identified.release();
        ByteBuf rest = channel.readInbound();
        assertThat(bytes(rest)).isEqualTo("peer".getBytes());
        rest.release();
        channel.writeInbound(Unpooled.wrappedBuffer("more".getBytes()));
        ByteBuf more = channel.readInbound();
        assertThat(bytes(more)).isEqualTo("more".getBytes());
        more.release();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void firstByteDecidesEncrypted() {
        EmbeddedChannel channel = new EmbeddedChannel(new PreambleDecoder());
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] { (byte) 0xFF }));
        assertThat((Object) channel.readInbound()).isEqualTo(new Preamble.Rejected(RejectReason.ENCRYPTED));
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void anyWrongProtocolByteIsNotBitTorrentWithoutWaitingForAll48() {
        for (int position = 1; position < 20; position++) {
            byte[] bad = Arrays.copyOf(Handshakes.preamble(HASH), position + 1);
            bad[position] = '?';
            EmbeddedChannel channel = new EmbeddedChannel(new PreambleDecoder());
            channel.writeInbound(Unpooled.wrappedBuffer(bad));
            assertThat((Object) channel.readInbound()).as("position %d", position)
                .isEqualTo(new Preamble.Rejected(RejectReason.NOT_BITTORRENT));
            assertThat(channel.finish()).isFalse();
        }
    }

    @Test
    void withAnEncryptedHandlerEveryBreakFromTheProtocolStringIsHandedOverWithItsBytes() {
        byte[][] openings = { { (byte) 0xFF, 1, 2 }, { 0x13, 'B', 'x', 4 } }; // an MSE
                                                                              // key may
                                                                              // start
                                                                              // with 0x13
        for (byte[] opening : openings) {
            List<Object> handedOver = new ArrayList<>();
            EmbeddedChannel channel = new EmbeddedChannel(new PreambleDecoder(() -> new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    handedOver.add(msg);
                }
            }));
            channel.writeInbound(Unpooled.wrappedBuffer(opening));
            assertThat((Object) channel.readInbound()).isNull();
            assertThat(channel.pipeline().get(PreambleDecoder.class)).as("the decoder left").isNull();
            assertThat(handedOver).hasSize(1);
            ByteBuf bytes = (ByteBuf) handedOver.get(0);
            assertThat(bytes(bytes)).isEqualTo(opening);
            bytes.release();
            assertThat(channel.finish()).isFalse();
        }
    }

    @Test
    void reservedBytesAreNotChecked() {
        byte[] preamble = Handshakes.preamble(HASH);
        Arrays.fill(preamble, 20, 28, (byte) 0xFF); // extension bits set
        EmbeddedChannel channel = new EmbeddedChannel(new PreambleDecoder());
        channel.writeInbound(Unpooled.wrappedBuffer(preamble));
        Preamble.Identified identified = channel.readInbound();
        assertThat(identified.infoHash()).isEqualTo(HASH);
        identified.release();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void partialPreambleHoldsNoMoreThanItWasSentAndReleasesOnClose() {
        EmbeddedChannel channel = new EmbeddedChannel(new PreambleDecoder());
        ByteBuf partial = Unpooled.wrappedBuffer(Arrays.copyOf(Handshakes.preamble(HASH), 30));
        channel.writeInbound(partial);
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.finish()).isFalse();
        assertThat(partial.refCnt()).isZero();
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] out = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), out);
        return out;
    }

}
