package io.peergate.bittorrent;

import io.peergate.support.Tagged;

/**
 * Why the gateway closed an inbound connection before relaying it. The tag is the
 * metric's {@code reason}.
 */
public enum RejectReason implements Tagged {

    /** Live inbound connections were at {@code max-connections}. */
    CAP,
    /** Connections still identifying were at {@code max-pending}. */
    PENDING_CAP,
    /**
     * First byte was not 0x13 (MSE/PE encryption or garbage) and
     * {@code encryption.enabled} is off.
     */
    ENCRYPTED,
    /** First 20 bytes were not {@code \x13BitTorrent protocol}. */
    NOT_BITTORRENT,
    /** The peer closed or failed before sending 48 bytes. */
    CLOSED_EARLY,
    /** The peer did not send 48 bytes within {@code identify-timeout}. */
    TIMEOUT,
    /** The info hash is not in the registry. */
    UNKNOWN_TORRENT,
    /**
     * The torrent's upstream could not be reached within
     * {@code upstream-connect-timeout}.
     */
    UPSTREAM_UNAVAILABLE,
    /**
     * The MSE handshake with a torrent whose {@code encryption} is {@code mse} failed or
     * did not finish within {@code upstream-connect-timeout}.
     */
    UPSTREAM_MSE_FAILED,
    /** MSE: the peer's public key is not a valid group element. */
    MSE_BAD_KEY,
    /**
     * MSE: no {@code HASH('req1', S)} within the 512 bytes of padding the specification
     * allows.
     */
    MSE_NO_SYNC,
    /** MSE: the obfuscated info hash matches no routed torrent. */
    MSE_UNKNOWN_TORRENT,
    /** MSE: the verification constant did not decrypt to zeros. */
    MSE_BAD_VC,
    /** MSE: the peer offers no method {@code encryption.select} allows. */
    MSE_NO_COMMON_METHOD,
    /** MSE: padding longer than 512 bytes announced. */
    MSE_BAD_PADDING,
    /** MSE: an initial payload longer than 1024 bytes announced. */
    MSE_BAD_PAYLOAD,
    /** MSE: more bytes before the end of the handshake than it can hold. */
    MSE_TOO_LONG,
    /**
     * MSE: the decrypted stream does not start with a BitTorrent handshake, or names
     * another torrent than the one the handshake was keyed with.
     */
    MSE_NOT_BITTORRENT,
    /**
     * MSE: the key-exchange workers were at their queue's bound (a flood of handshakes).
     */
    MSE_BUSY;

}
