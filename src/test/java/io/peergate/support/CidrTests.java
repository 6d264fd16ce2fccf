package io.peergate.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** CIDR networks of both families, single addresses, and what is refused. */
class CidrTests {

    private static boolean contains(String network, String address) throws Exception {
        return Cidr.parse(network).contains(InetAddress.getByName(address));
    }

    @Test
    void ipv4AndIpv6NetworksAtAnyPrefix() throws Exception {
        assertThat(contains("10.0.0.0/8", "10.255.1.2")).isTrue();
        assertThat(contains("10.0.0.0/8", "11.0.0.1")).isFalse();
        assertThat(contains("192.168.4.0/22", "192.168.7.255")).isTrue();
        assertThat(contains("192.168.4.0/22", "192.168.8.0")).isFalse();
        assertThat(contains("0.0.0.0/0", "203.0.113.9")).isTrue();
        assertThat(contains("203.0.113.9", "203.0.113.9")).as("a bare address").isTrue();
        assertThat(contains("203.0.113.9", "203.0.113.10")).isFalse();
        assertThat(contains("2001:db8::/32", "2001:db8:ffff::1")).isTrue();
        assertThat(contains("2001:db8::/33", "2001:db8:8000::1")).isFalse();
        assertThat(contains("2001:db8::/32", "10.0.0.1")).as("another family").isFalse();
        assertThat(contains(" 10.1.0.0/16 ", "10.1.2.3")).as("spaces around").isTrue();
    }

    @Test
    void namesBadPrefixesAndGarbageAreRefused() {
        for (String bad : new String[] { "example.org", "10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/x", "",
                "/8", "1234" }) {
            assertThatThrownBy(() -> Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

}
