package io.peergate.bittorrent;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Message Stream Encryption over a blocking socket, written from the specification with
 * the JDK alone ({@link BigInteger}, SHA-1, the JDK's ARCFOUR) and none of the gateway's
 * MSE code: the far end of the gateway's handshakes in tests, as initiator (a peer) or as
 * responder (an upstream that requires encryption). Each step can be spoiled to provoke
 * one failure.
 */
final class MseTestPeer {

    static final BigInteger P = new BigInteger("FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1"
            + "29024E088A67CC74020BBEA63B139B22514A08798E3404DD" + "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245"
            + "E485B576625E7EC6F44C42E9A63A36210000000000090563", 16);

    static final int PLAINTEXT = 1;

    static final int RC4 = 2;

    /** A way to break the initiator's handshake. */
    enum Spoil {

        NONE, KEY_ONE, NO_SYNC, VC, PAD_C_TOO_LONG, IA_TOO_LONG

    }

    /**
     * A connection after its handshake: the method selected, the other side's initial
     * payload (responder role), and streams that encrypt or not as the method says.
     */
    record Session(int method, byte[] initialPayload, InputStream in, OutputStream out) {
    }

    private final Random random;

    private final BigInteger privateKey;

    MseTestPeer(long seed) {
        this(seed, new BigInteger(160, new SecureRandom()).setBit(159));
    }

    private MseTestPeer(long seed, BigInteger privateKey) {
        this.random = new Random(seed);
        this.privateKey = privateKey;
    }

    /**
     * A peer whose public key starts with {@code 0x13}, as a plaintext handshake does
     * (one key in 256).
     */
    static MseTestPeer withKeyStartingLikeAPlaintextHandshake(long seed) {
        for (BigInteger x = BigInteger.ONE.shiftLeft(159);; x = x.add(BigInteger.ONE)) {
            MseTestPeer peer = new MseTestPeer(seed, x);
            if (peer.publicKey()[0] == 0x13) {
                return peer;
            }
        }
    }

    byte[] publicKey() {
        return fixed96(BigInteger.TWO.modPow(privateKey, P));
    }

    /**
     * The peer's side: opens the handshake for {@code infoHash} offering {@code provide},
     * with {@code initialPayload} (the BitTorrent handshake, or empty).
     */
    Session initiate(Socket socket, byte[] infoHash, int provide, byte[] initialPayload, Spoil spoil)
            throws IOException {
        OutputStream out = socket.getOutputStream();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] ya = publicKey();
        if (spoil == Spoil.KEY_ONE) {
            ya = fixed96(BigInteger.ONE);
        }
        out.write(concat(ya, pad(random.nextInt(513))));
        out.flush();
        byte[] yb = in.readNBytes(96);
        if (yb.length < 96) {
            throw new IOException("closed during the key exchange");
        }
        byte[] secret = fixed96(new BigInteger(1, yb).modPow(privateKey, P));
        if (spoil == Spoil.NO_SYNC) {
            out.write(pad(600)); // no HASH('req1', S) where it must be
            out.flush();
            return null;
        }
        Cipher encrypt = rc4(sha1(bytes("keyA"), secret, infoHash));
        Cipher decrypt = rc4(sha1(bytes("keyB"), secret, infoHash));
        byte[] padC = pad(random.nextInt(513));
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(new byte[8]);
        header.writeBytes(int32(provide));
        header.writeBytes(int16(spoil == Spoil.PAD_C_TOO_LONG ? 513 : padC.length));
        header.writeBytes(padC);
        header.writeBytes(int16(spoil == Spoil.IA_TOO_LONG ? 1025 : initialPayload.length));
        header.writeBytes(initialPayload);
        byte[] encrypted = encrypt.update(header.toByteArray());
        if (spoil == Spoil.VC) {
            encrypted[3] ^= 0x40;
        }
        out.write(concat(
                concat(sha1(bytes("req1"), secret), xor(sha1(bytes("req2"), infoHash), sha1(bytes("req3"), secret))),
                encrypted));
        out.flush();
        // the answer's VC, encrypted, somewhere within PadB
        byte[] vc = rc4(sha1(bytes("keyB"), secret, infoHash)).update(new byte[8]);
        scan(in, vc, 512);
        decrypt.update(new byte[8]);
        byte[] answer = decrypt.update(in.readNBytes(6));
        int method = ((answer[0] & 0xff) << 24) | ((answer[1] & 0xff) << 16) | ((answer[2] & 0xff) << 8)
                | (answer[3] & 0xff);
        int padD = ((answer[4] & 0xff) << 8) | (answer[5] & 0xff);
        decrypt.update(in.readNBytes(padD));
        return session(method, new byte[0], in, out, decrypt, encrypt);
    }

    /**
     * The upstream's side: answers a handshake for {@code infoHash}, choosing from what
     * the initiator provides, preferring {@code prefer}.
     */
    Session respond(Socket socket, byte[] infoHash, int prefer) throws IOException {
        OutputStream out = socket.getOutputStream();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] ya = in.readNBytes(96);
        out.write(concat(publicKey(), pad(random.nextInt(513))));
        out.flush();
        byte[] secret = fixed96(new BigInteger(1, ya).modPow(privateKey, P));
        scan(in, sha1(bytes("req1"), secret), 512);
        byte[] torrent = xor(in.readNBytes(20), sha1(bytes("req3"), secret));
        if (!Arrays.equals(torrent, sha1(bytes("req2"), infoHash))) {
            throw new IOException("the initiator asked for another torrent");
        }
        Cipher decrypt = rc4(sha1(bytes("keyA"), secret, infoHash));
        Cipher encrypt = rc4(sha1(bytes("keyB"), secret, infoHash));
        byte[] header = decrypt.update(in.readNBytes(14));
        if (!Arrays.equals(Arrays.copyOf(header, 8), new byte[8])) {
            throw new IOException("bad verification constant");
        }
        int provide = header[11] & 0xff;
        int padC = ((header[12] & 0xff) << 8) | (header[13] & 0xff);
        decrypt.update(in.readNBytes(padC));
        byte[] length = decrypt.update(in.readNBytes(2));
        byte[] initialPayload = decrypt.update(in.readNBytes(((length[0] & 0xff) << 8) | (length[1] & 0xff)));
        int method = (provide & prefer) != 0 ? prefer : provide & (PLAINTEXT | RC4);
        if (Integer.bitCount(method) != 1) {
            method = RC4;
        }
        byte[] padD = pad(random.nextInt(513));
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        answer.writeBytes(new byte[8]);
        answer.writeBytes(int32(method));
        answer.writeBytes(int16(padD.length));
        answer.writeBytes(padD);
        out.write(encrypt.update(answer.toByteArray()));
        out.flush();
        return session(method, initialPayload == null ? new byte[0] : initialPayload, in, out, decrypt, encrypt);
    }

    private static Session session(int method, byte[] initialPayload, InputStream in, OutputStream out, Cipher decrypt,
            Cipher encrypt) {
        if (method != RC4) {
            return new Session(method, initialPayload, in, out);
        }
        InputStream decrypting = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) {
                    try {
                        decrypt.update(b, off, n, b, off);
                    }
                    catch (GeneralSecurityException e) {
                        throw new IOException(e);
                    }
                }
                return n;
            }
        };
        OutputStream encrypting = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] { (byte) b }, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(encrypt.update(b, off, len));
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }
        };
        return new Session(method, initialPayload, decrypting, encrypting);
    }

    /**
     * Reads until {@code marker} has been read, with at most {@code slack} bytes before.
     */
    private static void scan(DataInputStream in, byte[] marker, int slack) throws IOException {
        byte[] window = in.readNBytes(marker.length);
        for (int skipped = 0; !Arrays.equals(window, marker); skipped++) {
            int next = in.read();
            if (next < 0 || skipped == slack) {
                throw new IOException("no sync marker");
            }
            System.arraycopy(window, 1, window, 0, window.length - 1);
            window[window.length - 1] = (byte) next;
        }
    }

    /** RC4 keyed with {@code key}, its first 1024 bytes discarded, as MSE has it. */
    static Cipher rc4(byte[] key) {
        try {
            Cipher cipher = Cipher.getInstance("ARCFOUR");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ARCFOUR"));
            cipher.update(new byte[1024]);
            return cipher;
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha1(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] pad(int length) {
        byte[] pad = new byte[length];
        random.nextBytes(pad);
        return pad;
    }

    private static byte[] fixed96(BigInteger n) {
        byte[] raw = n.toByteArray();
        byte[] out = new byte[96];
        int copy = Math.min(raw.length, 96);
        System.arraycopy(raw, raw.length - copy, out, 96 - copy, copy);
        return out;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int n = 0; n < a.length; n++) {
            out[n] = (byte) (a[n] ^ b[n]);
        }
        return out;
    }

    private static byte[] int32(int value) {
        return new byte[] { (byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value };
    }

    private static byte[] int16(int value) {
        return new byte[] { (byte) (value >> 8), (byte) value };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

}
