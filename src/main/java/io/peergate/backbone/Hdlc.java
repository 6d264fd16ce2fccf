package io.peergate.backbone;

/** Reticulum's HDLC-like framing: FLAG-delimited frames, ESC-escaped payload bytes. */
public final class Hdlc {

    public static final byte FLAG = 0x7E;
    public static final byte ESC = 0x7D;
    public static final byte ESC_MASK = 0x20;

    /** Reticulum's HEADER_MINSIZE: frames of this many bytes or fewer cannot be packets. */
    public static final int HEADER_MINSIZE = 19;

    private Hdlc() {}
}
