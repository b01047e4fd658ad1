package dev.frontline.server.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MaskingTest {
  @Test
  void mobileNumbers_keepPrefixAndLastFour() {
    assertEquals("call 138****5678 now", Masking.mask("call 13812345678 now"));
    assertEquals("+86 139****0000", Masking.mask("+86 139-1234-0000"));
  }

  @Test
  void idCardNumbers_keepRegionAndLastFour() {
    assertEquals("身份证110105********123X", Masking.mask("身份证11010519900307123X"));
  }

  @Test
  void bankCards_keepFirstAndLastFour() {
    assertEquals("卡号6222********1234", Masking.mask("卡号6222020200001234"));
    assertEquals("card 6222***********0123", Masking.mask("card 6222 0212 3456 7890 123"));
  }

  @Test
  void shortNumbersAndIdsAreLeftAlone() {
    String s = "event=conv.assigned conv=c-8f3k agent=12 seq=1234567890 port=8080";
    assertEquals(s, Masking.mask(s));
    assertEquals("", Masking.mask(""));
    assertEquals("order 20261124093500123456", Masking.mask("order 20261124093500123456"),
        "a 20-digit order number is none of the three kinds");
  }
}
