package io.peergate.bittorrent.wire.mse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The pieces of Message Stream Encryption against independent references: RC4 against the
 * JDK's ARCFOUR and RFC 6229, the hashes against digests computed with Python's hashlib,
 * the key exchange against the group's properties.
 */
class MseCryptoTests {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rc4MatchesRfc6229() {
        byte[] zeros = new byte[16];
        new Rc4(HEX.parseHex("0102030405")).apply(zeros, 0, 16);
        assertThat(HEX.formatHex(zeros)).isEqualTo("b2396305f03dc027ccc3524a0a1118a8");
    }

    @Test
    void rc4MatchesTheJdksArcfourAfterTheDiscard() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            byte[] key = new byte[20];
            random.nextBytes(key);
            byte[] data = new byte[1 + random.nextInt(5000)];
            random.nextBytes(data);
            Cipher jdk = Cipher.getInstance("ARCFOUR");
            jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ARCFOUR"));
            jdk.update(new byte[Rc4.DISCARD]);
            byte[] expected = jdk.update(data);

            byte[] inArray = data.clone();
            Rc4.forMse(key).apply(inArray, 0, inArray.length);
            assertThat(inArray).isEqualTo(expected);

            // in a buffer, split at an arbitrary point: one keystream across both parts
            Rc4 stream = Rc4.forMse(key);
            int split = random.nextInt(data.length);
            ByteBuf first = Unpooled.wrappedBuffer(data.clone(), 0, split);
            ByteBuf second = Unpooled.wrappedBuffer(data.clone(), split, data.length - split);
            try {
                stream.apply(first);
                stream.apply(second);
                byte[] joined = new byte[data.length];
                first.getBytes(0, joined, 0, split);
                second.getBytes(second.readerIndex(), joined, split, data.length - split);
                assertThat(joined).isEqualTo(expected);
            }
            finally {
                first.release();
                second.release();
            }

            // in direct memory (no backing array), eight bytes at a time and the tail
            ByteBuf direct = Unpooled.directBuffer(data.length).writeBytes(data);
            try {
                direct.skipBytes(1);
                Rc4 offByOne = Rc4.forMse(key);
                offByOne.apply(direct);
                byte[] got = new byte[data.length - 1];
                direct.getBytes(1, got);
                byte[] fromOne = Arrays.copyOfRange(data, 1, data.length);
                Rc4.forMse(key).apply(fromOne, 0, fromOne.length);
                assertThat(got).isEqualTo(fromOne);
            }
            finally {
                direct.release();
            }

            // a composite of two direct parts: no single NIO view, so buffer accesses
            CompositeByteBuf composite = Unpooled.compositeBuffer()
                .addComponent(true, Unpooled.directBuffer().writeBytes(data, 0, split))
                .addComponent(true, Unpooled.directBuffer().writeBytes(data, split, data.length - split));
            try {
                Rc4.forMse(key).apply(composite);
                assertThat(ByteBufUtil.getBytes(composite)).isEqualTo(expected);
            }
            finally {
                composite.release();
            }
        }
    }

    @Test
    void rc4RefusesKeysItCannotUse() {
        assertThatThrownBy(() -> new Rc4(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rc4(new byte[257])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bothSidesOfTheKeyExchangeReachTheSameSecret() {
        SecureRandom random = new SecureRandom();
        for (int round = 0; round < 10; round++) {
            MseKeyExchange a = new MseKeyExchange(random);
            MseKeyExchange b = new MseKeyExchange(random);
            assertThat(a.publicKey()).hasSize(96);
            byte[] s = a.sharedSecret(b.publicKey());
            assertThat(s).hasSize(96).isEqualTo(b.sharedSecret(a.publicKey()));
        }
        assertThat(MseKeyExchange.P.bitLength()).isEqualTo(768);
        assertThat(MseKeyExchange.P.isProbablePrime(64)).isTrue();
    }

    @Test
    void keysOutsideTheGroupAreRefused() {
        MseKeyExchange side = new MseKeyExchange(new SecureRandom());
        byte[] one = MseKeyExchange.toBytes(BigInteger.ONE);
        byte[] pMinusOne = MseKeyExchange.toBytes(MseKeyExchange.P.subtract(BigInteger.ONE));
        byte[] allOnes = new byte[96];
        java.util.Arrays.fill(allOnes, (byte) 0xff);
        for (byte[] bad : new byte[][] { one, pMinusOne, allOnes, new byte[96], new byte[95] }) {
            assertThatThrownBy(() -> side.sharedSecret(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(MseKeyExchange.toBytes(BigInteger.valueOf(258))).hasSize(96).endsWith(1, 2);
    }

    @Test
    void hashesMatchPythonsHashlib() {
        byte[] infoHash = HEX.parseHex("0123456789abcdef0123456789abcdef01234567");
        byte[] secret = new byte[96];
        for (int n = 0; n < 96; n++) {
            secret[n] = (byte) n;
        }
        assertThat(HEX.formatHex(MseHashes.req2(infoHash))).isEqualTo("9b0e3139e33164f3e4682f23d7706103e892d63a");
        assertThat(HEX.formatHex(MseHashes.req1(secret))).isEqualTo("ed37476cccf63496894d66db14b9806c8c9efe3e");
        assertThat(HEX.formatHex(MseHashes.keyA(secret, infoHash)))
            .isEqualTo("f8cc780ccb34794a1045aa2402f7e461715891f1");
        assertThat(HEX.formatHex(MseHashes.keyB(secret, infoHash)))
            .isEqualTo("c28b59f33f7734d9ebfe25e3ed5d6890267aaa83");
        // the receiving side recovers HASH('req2', SKEY) by removing HASH('req3', S)
        assertThat(MseHashes.xor(MseHashes.obfuscatedTorrent(infoHash, secret), MseHashes.req3(secret)))
            .isEqualTo(MseHashes.req2(infoHash));
    }

}
