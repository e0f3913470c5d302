package dev.parley.server.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Networks for limits, and the trusted-proxy list's syntax. (Header handling is tested through a node.) */
class ClientAddressTest {

    @Test
    void ipv6AddressesCountPerSlash64AndIpv4PerAddress() {
        assertThat(ClientAddress.network("2001:db8:1:2::1")).isEqualTo(ClientAddress.network("2001:db8:1:2:ffff::9"));
        assertThat(ClientAddress.network("2001:db8:1:2::1")).isNotEqualTo(ClientAddress.network("2001:db8:1:3::1"));
        assertThat(ClientAddress.network("192.0.2.1")).isNotEqualTo(ClientAddress.network("192.0.2.2"));
    }

    @Test
    void trustedProxiesAreAddressesOrCidrBlocksAndNothingElse() {
        new ClientAddress(List.of("10.0.0.0/8", " ::1 ", "", "192.0.2.1"));

        assertThatThrownBy(() -> new ClientAddress(List.of("proxy.example")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("proxy.example");
    }
}
