package io.peergate.bittorrent.wire.mse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-1 hashes of Message Stream Encryption. SKEY is the torrent's info hash, S the
 * shared secret. The initiator sends {@code HASH('req1', S)} to mark where its padding
 * ends, then {@code HASH('req2', SKEY) xor HASH('req3', S)}; the receiving side removes
 * {@code HASH('req3', S)} and looks the rest up among {@code HASH('req2', SKEY)} of the
 * torrents it serves. The RC4 keys are {@code HASH('keyA', S, SKEY)} for what the
 * initiator sends and {@code HASH('keyB', S, SKEY)} for what it receives.
 */
public final class MseHashes {

    public static final int LENGTH = 20;

    private MseHashes() {
    }

    public static byte[] req1(byte[] secret) {
        return sha1(bytes("req1"), secret);
    }

    /** {@code HASH('req2', SKEY)}: what a torrent is known by in the handshake. */
    public static byte[] req2(byte[] infoHash) {
        return sha1(bytes("req2"), infoHash);
    }

    public static byte[] req3(byte[] secret) {
        return sha1(bytes("req3"), secret);
    }

    /** {@code HASH('req2', SKEY) xor HASH('req3', S)}, as the initiator sends it. */
    public static byte[] obfuscatedTorrent(byte[] infoHash, byte[] secret) {
        return xor(req2(infoHash), req3(secret));
    }

    /** The RC4 key of what the initiator sends. */
    public static byte[] keyA(byte[] secret, byte[] infoHash) {
        return sha1(bytes("keyA"), secret, infoHash);
    }

    /** The RC4 key of what the initiator receives. */
    public static byte[] keyB(byte[] secret, byte[] infoHash) {
        return sha1(bytes("keyB"), secret, infoHash);
    }

    public static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int n = 0; n < a.length; n++) {
            out[n] = (byte) (a[n] ^ b[n]);
        }
        return out;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] sha1(byte[]... parts) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            for (byte[] part : parts) {
                sha1.update(part);
            }
            return sha1.digest();
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

}
