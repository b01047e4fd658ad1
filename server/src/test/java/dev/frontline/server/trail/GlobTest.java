package dev.frontline.server.trail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GlobTest {

  private static boolean matches(String glob, String url) {
    String lower = Glob.lower(url);
    return Glob.of(glob).matches(lower, Glob.hasLineTerminator(lower));
  }

  /** The regex rules used before the glob matcher: the reference for the semantics. */
  private static boolean regex(String glob, String url) {
    return RuleBookTest.Reference.glob(glob).matcher(url).matches();
  }

  @Test
  void starAtStartEndOrMiddle_matchesAnyRunThere() {
    assertTrue(matches("*/plans/5g", "https://shop.example/plans/5g"));
    assertFalse(matches("*/plans/5g", "https://shop.example/plans/5g/x"));
    assertTrue(matches("https://shop.example/*", "https://shop.example/plans"));
    assertTrue(matches("https://shop.example/*", "https://shop.example/"), "a star matches nothing too");
    assertFalse(matches("https://shop.example/*", "http://shop.example/plans"));
    assertTrue(matches("https://*/plans", "https://shop.example/plans"));
    assertFalse(matches("https://*/plans", "https://shop.example/plans?x"));
  }

  @Test
  void severalStars_findTheLiteralsInOrderWithoutOverlap() {
    assertTrue(matches("*/plans/*/item-*", "https://a/plans/5g/item-42?x=1"));
    assertFalse(matches("*/item-*/plans/*", "https://a/plans/5g/item-42?x=1"), "order counts");
    assertFalse(matches("*aba*aba*", "ababa"), "the literals may not share characters");
    assertTrue(matches("*aba*aba*", "abaaba"));
    assertFalse(matches("ab*ba", "aba"), "prefix and suffix may not overlap");
    assertTrue(matches("ab*ba", "abba"));
    assertFalse(matches("a*a", "a"));
    assertTrue(matches("a**b", "ab"));
    assertTrue(matches("**", ""));
    assertTrue(matches("*", "anything at all"));
    assertTrue(matches("*", ""));
    assertTrue(matches("*x*x*x*", "xxx"));
    assertFalse(matches("*x*x*x*", "xx"));
  }

  @Test
  void noStar_isTheWholeUrl() {
    assertTrue(matches("https://shop.example/plans", "HTTPS://Shop.Example/Plans"));
    assertFalse(matches("https://shop.example/plans", "https://shop.example/plans/"));
    assertFalse(matches("/plans", "https://shop.example/plans"));
  }

  @Test
  void nullOrBlankPattern_isNoCondition() {
    assertNull(Glob.of(null));
    assertNull(Glob.of(""));
    assertNull(Glob.of("  "));
    assertEquals(" a ", Glob.of(" a ").source(), "spaces around a pattern are literal");
    assertFalse(matches(" a ", "a"));
  }

  @Test
  void asciiLettersMatchEitherCase_otherLettersOnlyThemselves() {
    assertTrue(matches("*/PLANS/*", "https://shop.example/plans/x"));
    assertTrue(matches("*/plans/*", "HTTPS://SHOP.EXAMPLE/PLANS/X"));
    assertFalse(matches("*/café*", "https://shop.example/CAFÉ"), "É is not é without Unicode case folding");
    assertTrue(matches("*/café*", "https://shop.example/CAFé"));
    assertFalse(matches("*k*", "\u212a"), "the Kelvin sign is no k");
    assertTrue(matches("*套餐*", "https://shop.example/5G套餐"));
  }

  @Test
  void regexCharactersInUrlsAreLiteral() {
    assertTrue(matches("*/search?q=a+b*", "https://a/search?q=a+b&x=1"));
    assertFalse(matches("*/search?q=a+b*", "https://a/searchXq=aab"), "? and + are no quantifiers");
    assertFalse(matches("*.example/*", "https://aXexample/p"), ". is no wildcard");
    assertTrue(matches("*(1)[2]{3}$^|\\d*", "x(1)[2]{3}$^|\\dy"));
    assertTrue(matches("*\\E*\\Q*", "a\\Eb\\Qc"), "quoting markers are text too");
  }

  @Test
  void lineTerminators_areNeverCoveredByAStar() {
    assertFalse(matches("*", "a\nb"));
    assertFalse(matches("a*", "a\r"));
    assertFalse(matches("*b", "\u2028b"));
    assertTrue(matches("a\n*", "a\nbc"), "a literal may hold one");
    assertTrue(matches("*\n*", "x\ny"));
    assertFalse(matches("*\n*", "x\ny\nz"));
    assertTrue(matches("*x*\ny*z", "ax\nyQz"));
    assertFalse(matches("*x*\ny*z", "ax\nyQ\nz"));
    assertTrue(matches("*b\n*", "ab\nb"));
    assertFalse(matches("*b\n*b*", "ab\nb\nb"), "whichever b and newline the literal takes, a star covers another");
  }

  @Test
  void lower_keepsTheSameStringWhenNothingChanges() {
    String s = "https://shop.example/plans?x=1";
    assertSame(s, Glob.lower(s));
    assertEquals("https://shop.example/plans", Glob.lower("HTTPS://SHOP.example/Plans"));
  }

  @Test
  void randomGlobsAndUrls_matchExactlyAsTheRegexDid() {
    Random rnd = new Random(20261124);
    // A few letters often, to get many matches; every kind of special character now and then.
    String[] globAlphabets = {"aA**b\n", "aA*b.?+\\EQ\n\ré\u00c9\u2029"};
    String[] urlAlphabets = {"aAb\n", "aAb/.?+*\\EQ\n\ré\u00c9\u2029"};
    int matched = 0;
    for (int i = 0; i < 100_000; i++) {
      int k = i % 2;
      String glob = random(rnd, globAlphabets[k], 1 + rnd.nextInt(7));
      String url = random(rnd, urlAlphabets[k], rnd.nextInt(10));
      if (glob.isBlank()) {
        continue;
      }
      boolean expected = regex(glob, url);
      assertEquals(expected, matches(glob, url), () -> "glob '" + glob + "' url '" + url + "'");
      matched += expected ? 1 : 0;
    }
    assertTrue(matched > 2000, "the random cases include matches (" + matched + ")");
  }

  private static String random(Random rnd, String alphabet, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
