package io.peergate.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); a
 * bare address is the network of that one address. Literal addresses only: a host name
 * would mean a lookup whose answer can change.
 */
public record Cidr(InetAddress network, int prefix) {

    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F.:]+");

    /**
     * @throws IllegalArgumentException when {@code text} is not an address, optionally
     * with a prefix length the address family allows
     */
    public static Cidr parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (!LITERAL.matcher(address).matches() || (address.indexOf(':') < 0 && address.indexOf('.') < 0)) {
            throw new IllegalArgumentException(
                    "must be an IPv4 or IPv6 address with an optional /prefix, got " + Texts.quote(text));
        }
        InetAddress network;
        try {
            network = InetAddress.getByName(address); // a literal: no lookup
        }
        catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + Texts.quote(text), e);
        }
        int bits = network.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            }
            catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException(
                        "the prefix must be 0 to " + bits + " for this address, got " + Texts.quote(text));
            }
        }
        return new Cidr(network, prefix);
    }

    /**
     * Whether {@code ip} is in this network (an IPv4 address is never in an IPv6 one).
     */
    public boolean contains(InetAddress ip) {
        byte[] a = ip.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest);
        return (a[full] & mask) == (n[full] & mask);
    }

}
