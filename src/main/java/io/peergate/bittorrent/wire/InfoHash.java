package io.peergate.bittorrent.wire;

import io.peergate.support.Texts;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A BitTorrent v1 info hash: 20 bytes, written as 40 hex characters (any case accepted,
 * lower case shown).
 */
public final class InfoHash implements Comparable<InfoHash> {

    public static final int LENGTH = 20;

    public static final String HEX_PATTERN = "[0-9a-fA-F]{40}";

    private static final Pattern HEX = Pattern.compile(HEX_PATTERN);

    private static final HexFormat HEX_FORMAT = HexFormat.of();

    private final byte[] bytes;

    private InfoHash(byte[] bytes) {
        this.bytes = bytes;
    }

    private static boolean isValidHex(String text) {
        return text != null && HEX.matcher(text).matches();
    }

    /**
     * @throws IllegalArgumentException when {@code hex} is not 40 hex characters
     */
    public static InfoHash fromHex(String hex) {
        if (!isValidHex(hex)) {
            throw new IllegalArgumentException("info hash must be 40 hex characters, got " + Texts.quote(hex));
        }
        return new InfoHash(HEX_FORMAT.parseHex(hex.toLowerCase()));
    }

    public static InfoHash fromBytes(byte[] source, int offset) {
        return new InfoHash(Arrays.copyOfRange(source, offset, offset + LENGTH));
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    public String hex() {
        return HEX_FORMAT.formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InfoHash that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(InfoHash other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public String toString() {
        return hex();
    }

}
