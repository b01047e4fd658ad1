package dev.frontline.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
  private final TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8, 192.168.1.1, fd00::/8");

  private static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void anUntrustedPeer_isTheClient_whateverItsHeadersSay() throws Exception {
    assertEquals("203.0.113.9", proxies.client(ip("203.0.113.9"), "1.2.3.4"));
    assertNull(proxies.forwardedProto(ip("203.0.113.9"), "https"));
  }

  @Test
  void behindTrustedProxies_theRightmostUntrustedAddressIsTheClient() throws Exception {
    assertEquals("198.51.100.7", proxies.client(ip("10.1.2.3"), "6.6.6.6, 198.51.100.7, 10.9.9.9, 192.168.1.1"));
    assertEquals("198.51.100.7", proxies.client(ip("fd00::1"), "198.51.100.7"));
    assertEquals("https", proxies.forwardedProto(ip("192.168.1.1"), "http, https"));
  }

  @Test
  void garbageOrAnAllTrustedChain_endsAtTheLastTrustedHop() throws Exception {
    assertEquals("10.9.9.9", proxies.client(ip("10.1.2.3"), "not-an-ip, 10.9.9.9"));
    assertEquals("10.1.2.3", proxies.client(ip("10.1.2.3"), "evil.example.com"));
    assertEquals("10.1.2.3", proxies.client(ip("10.1.2.3"), ""));
  }

  @Test
  void rangesMatchByPrefix() throws Exception {
    assertTrue(proxies.trusts(ip("10.255.0.1")));
    assertEquals(false, proxies.trusts(ip("11.0.0.1")));
    assertEquals(false, proxies.trusts(ip("192.168.1.2")));
    TrustedProxies odd = TrustedProxies.parse("172.16.0.0/12");
    assertTrue(odd.trusts(ip("172.31.255.255")));
    assertEquals(false, odd.trusts(ip("172.32.0.0")));
  }

  @Test
  void badEntries_stopTheStartWithTheirNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ServerConfig.fromEnv(Map.of("FRONTLINE_TRUSTED_PROXIES", "10.0.0.0/33, proxy.local, 1.2.3.4")));
    assertTrue(e.getMessage().contains("10.0.0.0/33") && e.getMessage().contains("proxy.local"), e.getMessage());
  }
}
