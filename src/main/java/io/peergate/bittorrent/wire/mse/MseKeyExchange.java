package io.peergate.bittorrent.wire.mse;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The Diffie-Hellman exchange that opens Message Stream Encryption: the 768-bit prime P
 * of the specification, generator 2, a 160-bit private key per handshake, public keys and
 * the shared secret S as 96-byte big-endian numbers.
 */
public final class MseKeyExchange {

    /** Bytes of a public key or of S. */
    public static final int KEY_BYTES = 96;

    /** P, as the MSE specification gives it (the 768-bit MODP group of RFC 2409). */
    public static final BigInteger P = new BigInteger("FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1"
            + "29024E088A67CC74020BBEA63B139B22514A08798E3404DD" + "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245"
            + "E485B576625E7EC6F44C42E9A63A36210000000000090563", 16);

    public static final BigInteger G = BigInteger.TWO;

    private static final BigInteger P_MINUS_ONE = P.subtract(BigInteger.ONE);

    private final BigInteger privateKey;

    private final byte[] publicKey;

    /** A fresh key pair from {@code random}. */
    public MseKeyExchange(SecureRandom random) {
        BigInteger x;
        do {
            x = new BigInteger(160, random);
        }
        while (x.signum() == 0);
        this.privateKey = x;
        this.publicKey = toBytes(G.modPow(x, P));
    }

    /** This side's public key (Ya or Yb), 96 bytes. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * The shared secret S from the other side's 96-byte public key.
     * @throws IllegalArgumentException for a key that is not a valid group element (1, P
     * - 1, or out of range): a peer sending one would force a known S
     */
    public byte[] sharedSecret(byte[] otherPublicKey) {
        if (otherPublicKey.length != KEY_BYTES) {
            throw new IllegalArgumentException("a public key has " + KEY_BYTES + " bytes");
        }
        BigInteger y = new BigInteger(1, otherPublicKey);
        if (y.compareTo(BigInteger.ONE) <= 0 || y.compareTo(P_MINUS_ONE) >= 0) {
            throw new IllegalArgumentException("the public key is not in the group");
        }
        return toBytes(y.modPow(privateKey, P));
    }

    /** {@code n} as exactly 96 big-endian bytes. */
    static byte[] toBytes(BigInteger n) {
        byte[] raw = n.toByteArray();
        if (raw.length == KEY_BYTES) {
            return raw;
        }
        if (raw.length == KEY_BYTES + 1 && raw[0] == 0) {
            return Arrays.copyOfRange(raw, 1, raw.length);
        }
        byte[] padded = new byte[KEY_BYTES];
        System.arraycopy(raw, 0, padded, KEY_BYTES - raw.length, raw.length);
        return padded;
    }

}
