package io.peergate.bittorrent.wire.mse;

import io.peergate.support.Tagged;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The receiving side of a Message Stream Encryption handshake, fed the peer's bytes as
 * they arrive. It answers the peer's public key with its own, finds the peer's
 * {@code HASH('req1', S)} within the padding the specification allows, identifies the
 * torrent from {@code HASH('req2', SKEY) xor HASH('req3', S)}, checks the verification
 * constant, picks a method from the peer's {@code crypto_provide}, and ends with the
 * peer's initial payload (its BitTorrent handshake). Memory is bounded: it never holds
 * more than the largest handshake the specification allows with an initial payload of
 * {@link #MAX_INITIAL_PAYLOAD} bytes. Protocol code, no I/O: the caller sends what each
 * step returns.
 */
public final class MseResponder {

    /** The most padding either side may send. */
    public static final int MAX_PAD = 512;

    /** The largest initial payload accepted: a BitTorrent handshake and some room. */
    public static final int MAX_INITIAL_PAYLOAD = 1024;

    public static final int PLAINTEXT = 0x01;

    public static final int RC4 = 0x02;

    private static final int KEY = MseKeyExchange.KEY_BYTES;

    private static final int HASH = MseHashes.LENGTH;

    /** Ya, PadA, the two hashes, VC + crypto_provide + len(PadC), PadC, len(IA), IA. */
    private static final int MAX_HANDSHAKE = KEY + MAX_PAD + 2 * HASH + 14 + MAX_PAD + 2 + MAX_INITIAL_PAYLOAD;

    /** How the responder chooses among the methods a peer provides. */
    public enum Selection implements Tagged {

        PREFER_PLAINTEXT, PREFER_RC4, RC4_ONLY;

        /**
         * @return the method chosen from {@code provided}, or 0 for none
         */
        int choose(int provided) {
            boolean plain = (provided & PLAINTEXT) != 0;
            boolean rc4 = (provided & RC4) != 0;
            return switch (this) {
                case PREFER_PLAINTEXT -> plain ? PLAINTEXT : rc4 ? RC4 : 0;
                case PREFER_RC4 -> rc4 ? RC4 : plain ? PLAINTEXT : 0;
                case RC4_ONLY -> rc4 ? RC4 : 0;
            };
        }

    }

    /** What a step of the handshake led to. */
    public sealed interface Step {

    }

    /** The handshake goes on: send {@code reply} (possibly empty) and feed more input. */
    public record Continue(byte[] reply) implements Step {
    }

    /**
     * The handshake is done: send {@code reply}, then relay. {@code infoHash} is the
     * torrent, {@code method} {@link #PLAINTEXT} or {@link #RC4}, {@code initialPayload}
     * the peer's first bytes (decrypted), {@code rest} what the peer sent after it (as
     * received: still encrypted when the method is RC4), {@code decrypt} and
     * {@code encrypt} the two keystreams positioned for the relay.
     */
    public record Established(byte[] reply, byte[] infoHash, int method, byte[] initialPayload, byte[] rest,
            Rc4 decrypt, Rc4 encrypt) implements Step {
    }

    /** The handshake failed for {@code reason} (a counted reject reason's tag). */
    public record Failed(String reason) implements Step {
    }

    private enum Phase {

        PUBLIC_KEY, SYNC, TORRENT, HEADER, PAD_C, IA_LENGTH, INITIAL_PAYLOAD, DONE

    }

    private final MseKeyExchange keys;

    private final Function<byte[], byte[]> torrents;

    private final Selection selection;

    private final SecureRandom random;

    private final byte[] buffer = new byte[MAX_HANDSHAKE];

    private int filled;

    private int consumed;

    private Phase phase = Phase.PUBLIC_KEY;

    private byte[] secret;

    private byte[] req1;

    private byte[] infoHash;

    private Rc4 decrypt;

    private Rc4 encrypt;

    private int method;

    private int padC;

    private int initialPayloadLength;

    /**
     * @param torrents the info hash of the torrent known by {@code HASH('req2', SKEY)},
     * or null when none is
     */
    public MseResponder(SecureRandom random, Function<byte[], byte[]> torrents, Selection selection) {
        this.random = random;
        this.keys = new MseKeyExchange(random);
        this.torrents = torrents;
        this.selection = selection;
    }

    /** Takes {@code length} more bytes from the peer. */
    public Step receive(byte[] data, int offset, int length) {
        if (phase == Phase.DONE) {
            throw new IllegalStateException("the handshake is over");
        }
        int taken = Math.min(length, buffer.length - filled);
        System.arraycopy(data, offset, buffer, filled, taken);
        filled += taken;
        Step step = advance();
        if (taken == length) {
            return step;
        }
        // more than the largest handshake holds: only a peer whose handshake is over may
        // send that much, and what is past the buffer belongs to the relay
        if (step instanceof Established done) {
            byte[] rest = Bytes.concat(done.rest(), Arrays.copyOfRange(data, offset + taken, offset + length));
            return new Established(done.reply(), done.infoHash(), done.method(), done.initialPayload(), rest,
                    done.decrypt(), done.encrypt());
        }
        return step instanceof Failed ? step : new Failed("mse-too-long");
    }

    private Step advance() {
        byte[] reply = new byte[0];
        while (true) {
            switch (phase) {
                case PUBLIC_KEY -> {
                    if (filled < KEY) {
                        return new Continue(reply);
                    }
                    try {
                        secret = keys.sharedSecret(Arrays.copyOfRange(buffer, 0, KEY));
                    }
                    catch (IllegalArgumentException e) {
                        return new Failed("mse-bad-key");
                    }
                    req1 = MseHashes.req1(secret);
                    consumed = KEY;
                    byte[] pad = new byte[random.nextInt(MAX_PAD + 1)];
                    random.nextBytes(pad);
                    reply = Bytes.concat(keys.publicKey(), pad);
                    phase = Phase.SYNC;
                }
                case SYNC -> {
                    int found = indexOf(buffer, KEY, filled, req1);
                    if (found < 0) {
                        // the hash starts within MAX_PAD bytes after the key, or never
                        return filled >= KEY + MAX_PAD + HASH ? new Failed("mse-no-sync") : new Continue(reply);
                    }
                    if (found - KEY > MAX_PAD) {
                        return new Failed("mse-no-sync");
                    }
                    consumed = found + HASH;
                    phase = Phase.TORRENT;
                }
                case TORRENT -> {
                    if (filled - consumed < HASH) {
                        return new Continue(reply);
                    }
                    byte[] req2 = MseHashes.xor(Arrays.copyOfRange(buffer, consumed, consumed + HASH),
                            MseHashes.req3(secret));
                    infoHash = torrents.apply(req2);
                    if (infoHash == null) {
                        return new Failed("mse-unknown-torrent");
                    }
                    consumed += HASH;
                    decrypt = Rc4.forMse(MseHashes.keyA(secret, infoHash));
                    encrypt = Rc4.forMse(MseHashes.keyB(secret, infoHash));
                    phase = Phase.HEADER;
                }
                case HEADER -> {
                    if (filled - consumed < 14) {
                        return new Continue(reply);
                    }
                    decrypt.apply(buffer, consumed, 14);
                    for (int n = 0; n < 8; n++) {
                        if (buffer[consumed + n] != 0) {
                            return new Failed("mse-bad-vc");
                        }
                    }
                    int provided = Bytes.readInt(buffer, consumed + 8);
                    padC = Bytes.readShort(buffer, consumed + 12);
                    if (padC > MAX_PAD) {
                        return new Failed("mse-bad-padding");
                    }
                    method = selection.choose(provided);
                    if (method == 0) {
                        return new Failed("mse-no-common-method");
                    }
                    consumed += 14;
                    phase = Phase.PAD_C;
                }
                case PAD_C -> {
                    if (filled - consumed < padC) {
                        return new Continue(reply);
                    }
                    decrypt.skip(padC); // padding: its plaintext is of no use
                    consumed += padC;
                    phase = Phase.IA_LENGTH;
                }
                case IA_LENGTH -> {
                    if (filled - consumed < 2) {
                        return new Continue(reply);
                    }
                    decrypt.apply(buffer, consumed, 2);
                    initialPayloadLength = Bytes.readShort(buffer, consumed);
                    if (initialPayloadLength > MAX_INITIAL_PAYLOAD) {
                        return new Failed("mse-bad-payload");
                    }
                    consumed += 2;
                    phase = Phase.INITIAL_PAYLOAD;
                }
                case INITIAL_PAYLOAD -> {
                    if (filled - consumed < initialPayloadLength) {
                        return new Continue(reply);
                    }
                    decrypt.apply(buffer, consumed, initialPayloadLength);
                    byte[] payload = Arrays.copyOfRange(buffer, consumed, consumed + initialPayloadLength);
                    consumed += initialPayloadLength;
                    byte[] rest = Arrays.copyOfRange(buffer, consumed, filled);
                    // VC, crypto_select, len(PadD) = 0
                    byte[] answer = new byte[14];
                    answer[11] = (byte) method;
                    encrypt.apply(answer, 0, answer.length);
                    phase = Phase.DONE;
                    return new Established(Bytes.concat(reply, answer), infoHash, method, payload, rest, decrypt,
                            encrypt);
                }
                case DONE -> throw new IllegalStateException("the handshake is over");
            }
        }
    }

    static int indexOf(byte[] haystack, int from, int to, byte[] needle) {
        outer: for (int n = from; n + needle.length <= to; n++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[n + k] != needle[k]) {
                    continue outer;
                }
            }
            return n;
        }
        return -1;
    }

}
