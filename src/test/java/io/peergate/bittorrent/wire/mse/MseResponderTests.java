package io.peergate.bittorrent.wire.mse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The responder against an initiator that follows the specification step by step (as a
 * client such as libtorrent does): padding of any allowed length, input in pieces of any
 * size, and every way a handshake can fail.
 */
class MseResponderTests {

    private static final byte[] INFO_HASH = HexFormat.of().parseHex("0123456789abcdef0123456789abcdef01234567");

    private static final byte[] HANDSHAKE = new byte[68];

    static {
        HANDSHAKE[0] = 19;
        System.arraycopy("BitTorrent protocol".getBytes(), 0, HANDSHAKE, 1, 19);
        System.arraycopy(INFO_HASH, 0, HANDSHAKE, 28, 20);
    }

    private final SecureRandom secure = new SecureRandom();

    private final Random random = new Random(11);

    private MseResponder responder(MseResponder.Selection selection) {
        byte[] known = MseHashes.req2(INFO_HASH);
        return new MseResponder(secure, req2 -> Arrays.equals(req2, known) ? INFO_HASH : null, selection);
    }

    /** The initiator's side, as the specification has it. */
    private final class Initiator {

        final MseKeyExchange keys = new MseKeyExchange(secure);

        byte[] secret;

        Rc4 encrypt;

        Rc4 decrypt;

        byte[] first() {
            return Bytes.concat(keys.publicKey(), pad(random.nextInt(MseResponder.MAX_PAD + 1)));
        }

        /** After the responder's key: the hashes and the encrypted header with IA. */
        byte[] second(byte[] responderKey, byte[] infoHash, int provide, byte[] initialPayload) {
            secret = keys.sharedSecret(responderKey);
            encrypt = Rc4.forMse(MseHashes.keyA(secret, infoHash));
            decrypt = Rc4.forMse(MseHashes.keyB(secret, infoHash));
            byte[] padC = pad(random.nextInt(MseResponder.MAX_PAD + 1));
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            header.writeBytes(new byte[8]);
            header.writeBytes(new byte[] { 0, 0, 0, (byte) provide });
            header.writeBytes(new byte[] { (byte) (padC.length >> 8), (byte) padC.length });
            header.writeBytes(padC);
            header.writeBytes(new byte[] { (byte) (initialPayload.length >> 8), (byte) initialPayload.length });
            header.writeBytes(initialPayload);
            byte[] encrypted = header.toByteArray();
            encrypt.apply(encrypted, 0, encrypted.length);
            return Bytes.concat(Bytes.concat(MseHashes.req1(secret), MseHashes.obfuscatedTorrent(infoHash, secret)),
                    encrypted);
        }

        /**
         * Finds the responder's encrypted VC after its key and padding: @return
         * crypto_select
         */
        int select(byte[] fromResponder) {
            byte[] vc = new byte[8];
            Rc4 probe = Rc4.forMse(MseHashes.keyB(secret, INFO_HASH));
            probe.apply(vc, 0, 8);
            int at = MseResponder.indexOf(fromResponder, MseKeyExchange.KEY_BYTES, fromResponder.length, vc);
            assertThat(at - MseKeyExchange.KEY_BYTES).as("PadB length").isBetween(0, MseResponder.MAX_PAD);
            byte[] answer = Arrays.copyOfRange(fromResponder, at, at + 14);
            decrypt.apply(answer, 0, 14);
            assertThat(Arrays.copyOf(answer, 8)).isEqualTo(new byte[8]);
            assertThat(at + 14).as("nothing after the answer").isEqualTo(fromResponder.length);
            return answer[11];
        }

    }

    private byte[] pad(int length) {
        byte[] pad = new byte[length];
        random.nextBytes(pad);
        return pad;
    }

    /**
     * Feeds {@code bytes} in random pieces; @return the last step and everything replied
     */
    private MseResponder.Step feed(MseResponder responder, byte[] bytes, ByteArrayOutputStream replies) {
        MseResponder.Step step = null;
        int at = 0;
        while (at < bytes.length) {
            int piece = Math.min(bytes.length - at, 1 + random.nextInt(200));
            step = responder.receive(bytes, at, piece);
            at += piece;
            if (step instanceof MseResponder.Continue next) {
                replies.writeBytes(next.reply());
            }
            else {
                if (step instanceof MseResponder.Established done) {
                    replies.writeBytes(done.reply());
                    assertThat(at).as("established with the last piece").isEqualTo(bytes.length);
                }
                return step;
            }
        }
        return step;
    }

    @Test
    void anRc4PeerIsIdentifiedAndTheStreamsLineUp() {
        for (int round = 0; round < 30; round++) {
            MseResponder responder = responder(MseResponder.Selection.PREFER_PLAINTEXT);
            Initiator peer = new Initiator();
            ByteArrayOutputStream replies = new ByteArrayOutputStream();
            assertThat(feed(responder, peer.first(), replies)).isInstanceOf(MseResponder.Continue.class);
            byte[] responderKey = Arrays.copyOf(replies.toByteArray(), MseKeyExchange.KEY_BYTES);
            byte[] second = peer.second(responderKey, INFO_HASH, MseResponder.RC4, HANDSHAKE);
            MseResponder.Established done = (MseResponder.Established) feed(responder, second, replies);
            assertThat(done.infoHash()).isEqualTo(INFO_HASH);
            assertThat(done.method()).isEqualTo(MseResponder.RC4);
            assertThat(done.initialPayload()).isEqualTo(HANDSHAKE);
            assertThat(done.rest()).isEmpty();
            assertThat(peer.select(replies.toByteArray())).isEqualTo(MseResponder.RC4);

            // the relay's streams: each side decrypts what the other encrypts
            byte[] fromPeer = pad(300);
            byte[] onWire = fromPeer.clone();
            peer.encrypt.apply(onWire, 0, onWire.length);
            done.decrypt().apply(onWire, 0, onWire.length);
            assertThat(onWire).isEqualTo(fromPeer);
            byte[] toPeer = pad(300);
            byte[] back = toPeer.clone();
            done.encrypt().apply(back, 0, back.length);
            peer.decrypt.apply(back, 0, back.length);
            assertThat(back).isEqualTo(toPeer);
        }
    }

    @Test
    void aPeerThatOffersPlaintextGetsItAndWhatFollowsIsKept() {
        MseResponder responder = responder(MseResponder.Selection.PREFER_PLAINTEXT);
        Initiator peer = new Initiator();
        MseResponder.Continue first = (MseResponder.Continue) responder.receive(peer.first(), 0, 96);
        byte[] more = peer.first(); // the padding arrives later, with the rest
        byte[] second = peer.second(Arrays.copyOf(first.reply(), 96), INFO_HASH,
                MseResponder.PLAINTEXT | MseResponder.RC4, HANDSHAKE);
        byte[] after = pad(5000);
        byte[] all = Bytes.concat(Bytes.concat(Arrays.copyOfRange(more, 96, more.length), second), after);
        MseResponder.Established done = (MseResponder.Established) responder.receive(all, 0, all.length);
        assertThat(done.method()).isEqualTo(MseResponder.PLAINTEXT);
        assertThat(done.initialPayload()).isEqualTo(HANDSHAKE);
        assertThat(done.rest()).isEqualTo(after);
    }

    @Test
    void everyFailureHasItsReason() {
        // rc4-only against a plaintext-only peer
        assertThat(handshake(MseResponder.Selection.RC4_ONLY, INFO_HASH, MseResponder.PLAINTEXT, false))
            .isEqualTo(new MseResponder.Failed("mse-no-common-method"));
        // a torrent the node does not serve
        assertThat(handshake(MseResponder.Selection.PREFER_RC4, new byte[20], MseResponder.RC4, false))
            .isEqualTo(new MseResponder.Failed("mse-unknown-torrent"));
        // a wrong verification constant
        assertThat(handshake(MseResponder.Selection.PREFER_RC4, INFO_HASH, MseResponder.RC4, true))
            .isEqualTo(new MseResponder.Failed("mse-bad-vc"));
        // no HASH('req1', S) within the padding allowed
        MseResponder lost = responder(MseResponder.Selection.PREFER_RC4);
        byte[] noise = Bytes.concat(new Initiator().keys.publicKey(), pad(MseResponder.MAX_PAD + 20));
        assertThat(feed(lost, noise, new ByteArrayOutputStream())).isEqualTo(new MseResponder.Failed("mse-no-sync"));
        // a public key of 1 would force a known secret
        byte[] one = new byte[96];
        one[95] = 1;
        assertThat(responder(MseResponder.Selection.PREFER_RC4).receive(one, 0, 96))
            .isEqualTo(new MseResponder.Failed("mse-bad-key"));
    }

    private MseResponder.Step handshake(MseResponder.Selection selection, byte[] infoHash, int provide,
            boolean spoilVc) {
        MseResponder responder = responder(selection);
        Initiator peer = new Initiator();
        byte[] first = peer.first();
        MseResponder.Step step = responder.receive(first, 0, first.length);
        byte[] key = Arrays.copyOf(((MseResponder.Continue) step).reply(), 96);
        byte[] second = peer.second(key, infoHash, provide, HANDSHAKE);
        if (spoilVc) {
            second[40] ^= 1; // the first byte after the two hashes: inside the encrypted
                             // VC
        }
        return responder.receive(second, 0, second.length);
    }

}
