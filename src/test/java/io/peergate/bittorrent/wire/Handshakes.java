package io.peergate.bittorrent.wire;

import java.util.Arrays;

/** BEP 3 preambles for tests. */
public final class Handshakes {

    private Handshakes() {
    }

    /** An info hash of twenty {@code fill} bytes. */
    public static InfoHash hash(byte fill) {
        byte[] bytes = new byte[InfoHash.LENGTH];
        Arrays.fill(bytes, fill);
        return InfoHash.fromBytes(bytes, 0);
    }

    /**
     * The 48 bytes a plaintext peer opens with: protocol string, zero reserved bytes,
     * {@code hash}.
     */
    public static byte[] preamble(InfoHash hash) {
        byte[] buf = new byte[Preamble.LENGTH];
        System.arraycopy(Preamble.PROTOCOL, 0, buf, 0, Preamble.PROTOCOL.length);
        System.arraycopy(hash.toBytes(), 0, buf, Preamble.INFO_HASH_OFFSET, InfoHash.LENGTH);
        return buf;
    }

}
