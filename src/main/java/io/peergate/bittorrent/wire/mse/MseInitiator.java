package io.peergate.bittorrent.wire.mse;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The initiating side of a Message Stream Encryption handshake, for an upstream that
 * requires encryption: it sends its key and padding, then (once it has the other key) the
 * two hashes and the encrypted header with the initial payload, and finds the answer's
 * verification constant within the padding the specification allows. Protocol code, no
 * I/O; memory bounded by the largest answer the specification allows.
 */
public final class MseInitiator {

    private static final int KEY = MseKeyExchange.KEY_BYTES;

    /** Yb, PadB, VC, crypto_select, len(PadD), PadD. */
    private static final int MAX_ANSWER = KEY + MseResponder.MAX_PAD + 14 + MseResponder.MAX_PAD;

    /** What a step of the handshake led to. */
    public sealed interface Step {

    }

    /** Send {@code reply} (possibly empty) and feed more input. */
    public record Continue(byte[] reply) implements Step {
    }

    /**
     * Done: send {@code reply} (possibly empty), then relay. {@code method} is what the
     * other side selected, {@code rest} what it sent after its answer (as received),
     * {@code decrypt} and {@code encrypt} the keystreams positioned for the relay.
     */
    public record Established(byte[] reply, int method, byte[] rest, Rc4 decrypt, Rc4 encrypt) implements Step {
    }

    /** The handshake failed for {@code reason}. */
    public record Failed(String reason) implements Step {
    }

    private final MseKeyExchange keys;

    private final SecureRandom random;

    private final byte[] infoHash;

    private final int provide;

    private final byte[] initialPayload;

    private final byte[] buffer = new byte[MAX_ANSWER];

    private int filled;

    private byte[] secret;

    private byte[] encryptedVc;

    private Rc4 decrypt;

    private Rc4 encrypt;

    private int answerAt = -1;

    private boolean done;

    /**
     * @param provide {@link MseResponder#PLAINTEXT}, {@link MseResponder#RC4} or both
     * @param initialPayload sent encrypted with the header (the BitTorrent handshake), at
     * most {@link MseResponder#MAX_INITIAL_PAYLOAD} bytes
     */
    public MseInitiator(SecureRandom random, byte[] infoHash, int provide, byte[] initialPayload) {
        if (initialPayload.length > MseResponder.MAX_INITIAL_PAYLOAD) {
            throw new IllegalArgumentException("an initial payload of " + initialPayload.length + " bytes");
        }
        this.random = random;
        this.keys = new MseKeyExchange(random);
        this.infoHash = infoHash.clone();
        this.provide = provide;
        this.initialPayload = initialPayload.clone();
    }

    /** The opening: this side's key and random padding. */
    public byte[] open() {
        return Bytes.concat(keys.publicKey(), pad());
    }

    /** Takes {@code length} more bytes from the other side. */
    public Step receive(byte[] data, int offset, int length) {
        if (done) {
            throw new IllegalStateException("the handshake is over");
        }
        int taken = Math.min(length, buffer.length - filled);
        System.arraycopy(data, offset, buffer, filled, taken);
        filled += taken;
        byte[] reply = new byte[0];
        if (secret == null) {
            if (filled < KEY) {
                return new Continue(reply);
            }
            try {
                secret = keys.sharedSecret(Arrays.copyOf(buffer, KEY));
            }
            catch (IllegalArgumentException e) {
                return new Failed("mse-bad-key");
            }
            encrypt = Rc4.forMse(MseHashes.keyA(secret, infoHash));
            decrypt = Rc4.forMse(MseHashes.keyB(secret, infoHash));
            encryptedVc = new byte[8];
            Rc4.forMse(MseHashes.keyB(secret, infoHash)).apply(encryptedVc, 0, 8);
            reply = header();
        }
        if (answerAt < 0) {
            answerAt = MseResponder.indexOf(buffer, KEY, filled, encryptedVc);
            if (answerAt < 0 || answerAt - KEY > MseResponder.MAX_PAD) {
                boolean lost = filled >= KEY + MseResponder.MAX_PAD + 8 || answerAt >= 0;
                answerAt = -1;
                return lost ? new Failed("mse-no-sync") : new Continue(reply);
            }
        }
        if (filled - answerAt < 14) {
            return new Continue(reply);
        }
        byte[] answer = Arrays.copyOfRange(buffer, answerAt, answerAt + 14);
        decrypt.apply(answer, 0, 14);
        int method = Bytes.readInt(answer, 8);
        int padD = Bytes.readShort(answer, 12);
        if (Integer.bitCount(method) != 1 || (method & provide) == 0) {
            return new Failed("mse-bad-select");
        }
        if (padD > MseResponder.MAX_PAD) {
            return new Failed("mse-bad-padding");
        }
        int end = answerAt + 14 + padD;
        if (filled < end) {
            return new Continue(reply);
        }
        decrypt.skip(padD); // padding: its plaintext is of no use
        byte[] rest = Arrays.copyOfRange(buffer, end, filled);
        if (taken < length) {
            rest = Bytes.concat(rest, Arrays.copyOfRange(data, offset + taken, offset + length));
        }
        done = true;
        return new Established(reply, method, rest, decrypt, encrypt);
    }

    /**
     * HASH('req1', S), HASH('req2', SKEY) xor HASH('req3', S), then the encrypted header.
     */
    private byte[] header() {
        byte[] padC = pad();
        byte[] header = new byte[14 + padC.length + 2 + initialPayload.length];
        header[11] = (byte) provide;
        header[12] = (byte) (padC.length >> 8);
        header[13] = (byte) padC.length;
        System.arraycopy(padC, 0, header, 14, padC.length);
        header[14 + padC.length] = (byte) (initialPayload.length >> 8);
        header[15 + padC.length] = (byte) initialPayload.length;
        System.arraycopy(initialPayload, 0, header, 16 + padC.length, initialPayload.length);
        encrypt.apply(header, 0, header.length);
        return Bytes.concat(Bytes.concat(MseHashes.req1(secret), MseHashes.obfuscatedTorrent(infoHash, secret)),
                header);
    }

    private byte[] pad() {
        byte[] pad = new byte[random.nextInt(MseResponder.MAX_PAD + 1)];
        random.nextBytes(pad);
        return pad;
    }

}
