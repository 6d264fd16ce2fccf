package io.peergate.bittorrent.wire;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import io.peergate.bittorrent.RejectReason;
import io.peergate.support.Tagged;

/** What {@link PreambleDecoder} makes of the first bytes of an inbound connection. */
public sealed interface Preamble {

    /**
     * The 48 bytes every BEP 3 handshake starts with: protocol string, reserved bytes,
     * info hash.
     */
    int LENGTH = 48;

    /** {@code 0x13} followed by {@code "BitTorrent protocol"}. */
    byte[] PROTOCOL = "\u0013BitTorrent protocol".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    /** Offset of the info hash within the preamble. */
    int INFO_HASH_OFFSET = 28;

    /** How a peer's stream reaches the gateway. */
    enum Stream implements Tagged {

        /** A plaintext BitTorrent handshake from the first byte. */
        PLAINTEXT,
        /** An MSE handshake, then plaintext. */
        MSE_PLAINTEXT,
        /** An MSE handshake, then RC4 both ways. */
        MSE_RC4;

        public boolean mse() {
            return this != PLAINTEXT;
        }

    }

    /**
     * A BitTorrent handshake. {@code bytes} holds the 48 bytes and, after an MSE
     * handshake, what the peer sent after them (decrypted), to be replayed upstream; the
     * receiver releases it.
     */
    record Identified(InfoHash infoHash, ByteBuf bytes, Stream stream) implements Preamble, ReferenceCounted {

        public Identified(InfoHash infoHash, ByteBuf bytes) {
            this(infoHash, bytes, Stream.PLAINTEXT);
        }

        @Override
        public int refCnt() {
            return bytes.refCnt();
        }

        @Override
        public Identified retain() {
            bytes.retain();
            return this;
        }

        @Override
        public Identified retain(int increment) {
            bytes.retain(increment);
            return this;
        }

        @Override
        public Identified touch() {
            bytes.touch();
            return this;
        }

        @Override
        public Identified touch(Object hint) {
            bytes.touch(hint);
            return this;
        }

        @Override
        public boolean release() {
            return bytes.release();
        }

        @Override
        public boolean release(int decrement) {
            return bytes.release(decrement);
        }
    }

    /**
     * Not a BitTorrent handshake ({@link RejectReason#ENCRYPTED},
     * {@link RejectReason#NOT_BITTORRENT}), or a failed MSE handshake.
     */
    record Rejected(RejectReason reason) implements Preamble {
    }

    /**
     * Classifies the readable bytes of {@code buf} without consuming them.
     * @return a {@link Rejected} as soon as a byte proves the connection is not plaintext
     * BitTorrent, {@code null} while more bytes are needed, and otherwise (48 bytes, all
     * good) the info hash wrapped in {@link Identified} with a null buffer;
     * {@link PreambleDecoder} attaches the bytes
     */
    public static Preamble classify(ByteBuf buf) {
        int readable = buf.readableBytes();
        int start = buf.readerIndex();
        if (readable == 0) {
            return null;
        }
        if (buf.getByte(start) != PROTOCOL[0]) {
            return new Rejected(RejectReason.ENCRYPTED);
        }
        int checked = Math.min(readable, PROTOCOL.length);
        for (int i = 1; i < checked; i++) {
            if (buf.getByte(start + i) != PROTOCOL[i]) {
                return new Rejected(RejectReason.NOT_BITTORRENT);
            }
        }
        if (readable < LENGTH) {
            return null;
        }
        byte[] hash = new byte[InfoHash.LENGTH];
        buf.getBytes(start + INFO_HASH_OFFSET, hash);
        return new Identified(InfoHash.fromBytes(hash, 0), null);
    }

}
