package io.peergate.support;

/**
 * Untrusted text (a bad value someone sent) quoted for an error message or a log line:
 * short and printable.
 */
public final class Texts {

    /** Longest part of a bad value that is repeated back. */
    static final int MAX_QUOTED = 64;

    private Texts() {
    }

    /**
     * {@code 'text'}, control characters replaced by {@code ?}, cut at 64 characters with
     * an ellipsis.
     */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        String cut = text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "…" : text;
        return "'" + cut.replaceAll("\\p{C}", "?") + "'";
    }

}
