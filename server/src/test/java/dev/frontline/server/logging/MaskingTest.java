package dev.frontline.server.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MaskingTest {
  /** Twelve or more digits of the number in a row, ignoring separators: what must never survive. */
  private static final Pattern LEAK = Pattern.compile("(?:[0-9０-９][ .\\-－．　]?){11,}");

  @Test
  void mobileNumbers_keepPrefixAndLastFour() {
    assertEquals("call 138****5678 now", Masking.mask("call 13812345678 now"));
    assertEquals("+86 139-****-0000", Masking.mask("+86 139-1234-0000"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "13812345678|138****5678",
      "138.1234.5678|138.****.5678",
      "138-1234-5678|138-****-5678",
      "138 1234 5678|138 **** 5678",
      "+8613812345678|+86138****5678",
      "+86 138 1234 5678|+86 138 **** 5678",
      "+86-138-1234-5678|+86-138-****-5678",
      "008613812345678|0086138****5678",
      "0086 13812345678|0086 138****5678",
      "8613812345678|86138****5678",
      "(+86)13812345678|(+86)138****5678",
      "１３８１２３４５６７８|１３８****５６７８",
      "１３８－１２３４－５６７８|１３８－****－５６７８",
      "＋８６　１３８．１２３４．５６７８|＋８６　１３８．****．５６７８",
      "电话:13812345678。|电话:138****5678。",
      "tel=13812345678&x=1|tel=138****5678&x=1",
      "\"phone\":13812345678}|\"phone\":138****5678}",
  })
  void mobileNumbers_inEveryWritingForm(String in, String out) {
    assertEquals(out, Masking.mask(in));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "身份证11010519900307123X|身份证110105********123X",
      "11010519900307123x|110105********123x",
      "110105 19900307 1234|110105 ******** 1234",
      "１１０１０５１９９００３０７１２３Ｘ|１１０１０５********１２３Ｘ",
      "老身份证110105900307123|老身份证110105******123",
      "130102900307123|130102******123",
      "１１０１０５９００３０７１２３|１１０１０５******１２３",
  })
  void idCardNumbers_ofBothGenerations(String in, String out) {
    assertEquals(out, Masking.mask(in));
  }

  @Test
  void bankCards_keepFirstAndLastFour() {
    assertEquals("卡号6222********1234", Masking.mask("卡号6222020200001234"));
    assertEquals("card 6222 **** **** ***0 123", Masking.mask("card 6222 0212 3456 7890 123"));
    assertEquals("6222-****-****-1234", Masking.mask("6222-0202-0000-1234"));
  }

  @Test
  void severalNumbersInOneText_areAllMasked() {
    String s = "手机13812345678,备用139.8765.4321;身份证110105900307123 卡6222020200001234";
    String m = Masking.mask(s);
    assertEquals("手机138****5678,备用139.****.4321;身份证110105******123 卡6222********1234", m);
    assertFalse(LEAK.matcher(m).find(), m);
  }

  @Test
  void jsonNumbersAndText_areMaskedAsText_otherValuesUntouched() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    assertEquals("138****5678", Masking.mask(f.numberNode(13812345678L)).textValue());
    assertEquals("110105********1234", Masking.mask(f.numberNode(110105199003071234L)).textValue());
    assertEquals("138****5678", Masking.mask(f.numberNode(new BigDecimal("13812345678.0"))).textValue());
    assertEquals("138****5678", Masking.mask(f.textNode("13812345678")).textValue());
    JsonNode small = f.numberNode(42);
    assertSame(small, Masking.mask(small));
    JsonNode bool = f.booleanNode(true);
    assertSame(bool, Masking.mask(bool));
    JsonNode plain = f.textNode("hello");
    assertSame(plain, Masking.mask(plain));
  }

  @Test
  void shortNumbersAndIdsAreLeftAlone() {
    String s = "event=conv.assigned conv=c-8f3k agent=12 seq=1234567890 port=8080 ts=1765087200000";
    assertEquals(s, Masking.mask(s));
    assertEquals("", Masking.mask(""));
    assertEquals("order 20261124093500123456", Masking.mask("order 20261124093500123456"),
        "a 26-digit order number is none of the kinds");
    assertEquals("v1.2.3 at 10.0.0.1:8080", Masking.mask("v1.2.3 at 10.0.0.1:8080"));
    assertEquals("12345678901", Masking.mask("12345678901"), "eleven digits that are no mobile number");
  }
}
