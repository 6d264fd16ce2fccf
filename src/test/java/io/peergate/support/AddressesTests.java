package io.peergate.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** host:port as logs and the API show it. */
class AddressesTests {

    @Test
    void bracketsIpv6AndNothingElse() throws Exception {
        assertThat(Addresses.hostPort("10.1.2.3", 5123)).isEqualTo("10.1.2.3:5123");
        assertThat(Addresses.hostPort("seedbox.internal", 6882)).isEqualTo("seedbox.internal:6882");
        assertThat(Addresses.hostPort("2001:db8::7", 51413)).isEqualTo("[2001:db8::7]:51413");
        assertThat(Addresses.hostPort(new InetSocketAddress(InetAddress.getByName("::1"), 4242)))
            .isEqualTo("[0:0:0:0:0:0:0:1]:4242");
        assertThat(Addresses.describe(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 80)))
            .isEqualTo("127.0.0.1:80");
    }

}
