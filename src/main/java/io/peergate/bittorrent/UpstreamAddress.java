package io.peergate.bittorrent;

import io.peergate.support.Addresses;
import io.peergate.support.Texts;
import java.net.InetSocketAddress;

/**
 * Where a torrent's BitTorrent client listens, written {@code host:port}
 * ({@code [v6]:port} for IPv6 literals). Resolution is left to connect time so a DNS
 * change reaches the next connection.
 */
public record UpstreamAddress(String host, int port) {

    /** The longest DNS name; IP literals are shorter. */
    static final int MAX_HOST_LENGTH = 253;

    public UpstreamAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("upstream host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("upstream port must be 1..65535, got " + port);
        }
    }

    /**
     * @throws IllegalArgumentException with a message fit for an operator when
     * {@code text} is not host:port
     */
    public static UpstreamAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("upstream must be host:port");
        }
        String host;
        String portText;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("upstream must be [ipv6]:port, got " + Texts.quote(text));
            }
            host = text.substring(1, close);
            portText = text.substring(close + 2);
        }
        else {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || text.indexOf(':') != colon) {
                throw new IllegalArgumentException("upstream must be host:port, got " + Texts.quote(text));
            }
            host = text.substring(0, colon);
            portText = text.substring(colon + 1);
        }
        if (host.isBlank() || host.length() > MAX_HOST_LENGTH
                || host.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("upstream host is not valid in " + Texts.quote(text));
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("upstream port is not a number in " + Texts.quote(text));
        }
        return new UpstreamAddress(host, port);
    }

    public InetSocketAddress toUnresolved() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public String toString() {
        return Addresses.hostPort(host, port);
    }
}
