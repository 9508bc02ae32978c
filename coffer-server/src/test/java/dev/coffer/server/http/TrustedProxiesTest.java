package dev.coffer.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which address is the client's: the socket peer, unless the peer is a trusted proxy; then the
 * right-most forwarded address that is not itself a trusted proxy.
 */
class TrustedProxiesTest {

    private final TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8, 192.168.1.7, fd00::/8");

    @Test
    void withoutTrustedProxiesTheForwardedHeaderIsIgnored() {
        assertThat(TrustedProxies.NONE.clientAddress("203.0.113.9", List.of("10.1.1.1")))
                .isEqualTo("203.0.113.9");
        assertThat(TrustedProxies.parse("  ")).isSameAs(TrustedProxies.NONE);
    }

    @Test
    void aForwardedHeaderFromAPeerThatIsNotATrustedProxyIsIgnored() {
        assertThat(proxies.clientAddress("203.0.113.9", List.of("198.51.100.1")))
                .isEqualTo("203.0.113.9");
        assertThat(proxies.clientAddress("192.168.1.8", List.of("198.51.100.1")))
                .isEqualTo("192.168.1.8");
    }

    @Test
    void behindATrustedProxyTheRightMostUntrustedAddressIsTheClient() {
        assertThat(proxies.clientAddress("10.0.0.5", List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
        // the client wrote the left part itself; only what the proxies appended counts
        assertThat(proxies.clientAddress("10.0.0.5", List.of("1.2.3.4, 198.51.100.1, 10.9.9.9")))
                .isEqualTo("198.51.100.1");
        // several header lines are one list, in the order received
        assertThat(proxies.clientAddress("10.0.0.5", List.of("1.2.3.4", "198.51.100.1")))
                .isEqualTo("198.51.100.1");
        assertThat(proxies.clientAddress("192.168.1.7", List.of("2001:db8::1"))).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(proxies.clientAddress("fd12::1", List.of("[2001:db8::2]"))).isEqualTo("2001:db8:0:0:0:0:0:2");
    }

    @Test
    void whenEveryForwardedAddressIsATrustedProxyTheLeftMostIsTheClient() {
        assertThat(proxies.clientAddress("10.0.0.5", List.of("10.0.0.7, 10.0.0.6")))
                .isEqualTo("10.0.0.7");
    }

    @Test
    void aMalformedForwardedEntryEndsTheWalkAtTheLastTrustedHop() {
        assertThat(proxies.clientAddress("10.0.0.5", List.of("198.51.100.1, not-an-ip")))
                .isEqualTo("10.0.0.5");
        assertThat(proxies.clientAddress("10.0.0.5", List.of("example.com, 10.0.0.6")))
                .isEqualTo("10.0.0.6");
        assertThat(proxies.clientAddress("10.0.0.5", List.of("01.2.3.4"))).isEqualTo("10.0.0.5");
        assertThat(proxies.clientAddress("10.0.0.5", List.of(""))).isEqualTo("10.0.0.5");
    }

    @Test
    void rangesMatchByTheirPrefixOnly() {
        TrustedProxies p = TrustedProxies.parse("172.16.0.0/12");
        assertThat(p.clientAddress("172.31.255.255", List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
        assertThat(p.clientAddress("172.32.0.0", List.of("198.51.100.1"))).isEqualTo("172.32.0.0");
        assertThat(TrustedProxies.parse("0.0.0.0/0").clientAddress("8.8.8.8", List.of("198.51.100.1")))
                .isEqualTo("198.51.100.1");
    }

    @Test
    void aListThatIsNotAddressesIsRefusedNamingTheEntry() {
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/8, proxy.internal"))
                .hasMessageContaining("'proxy.internal'")
                .hasMessageContaining("COFFER_TRUSTED_PROXIES");
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33")).hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> TrustedProxies.parse("fd00::/129")).hasMessageContaining("0 to 128");
        assertThatThrownBy(() -> TrustedProxies.parse("256.1.1.1")).hasMessageContaining("'256.1.1.1'");
    }
}
