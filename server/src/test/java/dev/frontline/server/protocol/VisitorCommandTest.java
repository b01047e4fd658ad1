package dev.frontline.server.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VisitorCommandTest {
  private static VisitorCommand decode(String json) {
    return VisitorCommand.decode(Json.parseObject(json), 4000);
  }

  private static ErrorCode error(String json) {
    return assertThrows(ApiException.class, () -> decode(json)).code();
  }

  @Test
  void helloWithAllFields() {
    VisitorCommand.Hello h = assertInstanceOf(VisitorCommand.Hello.class, decode(
        "{\"type\":\"hello\",\"token\":\"t\",\"lastSeq\":7,\"page\":{\"url\":\"http://a\",\"title\":\"A\"},\"future\":1}"));
    assertEquals("t", h.token());
    assertEquals(7, h.lastSeq());
    assertEquals("http://a", h.page().url());
    assertEquals("web", h.channel());
  }

  @Test
  void aNulCharacterInAString_isAnInvalidField() {
    assertEquals(ErrorCode.INVALID_FIELD, error("{\"type\":\"send\",\"clientId\":\"c\",\"text\":\"a\\u0000b\"}"));
    assertEquals(ErrorCode.INVALID_FIELD, error("{\"type\":\"send\",\"clientId\":\"\\u0000\",\"text\":\"hi\"}"));
    assertEquals(ErrorCode.INVALID_FIELD, error("{\"type\":\"typing\",\"text\":\"\\u0000\"}"));
  }

  @Test
  void pick_carriesTheFaqId_andNeedsOne() {
    VisitorCommand.Pick p = assertInstanceOf(VisitorCommand.Pick.class, decode("{\"type\":\"pick\",\"faqId\":\"tel-001\"}"));
    assertEquals("tel-001", p.faqId());
    assertEquals(ErrorCode.MISSING_FIELD, error("{\"type\":\"pick\"}"));
    assertEquals(ErrorCode.INVALID_FIELD, error("{\"type\":\"pick\",\"faqId\":7}"));
  }

  @Test
  void malformedIdentityIsIgnoredNotAnError() {
    VisitorCommand.Hello h = assertInstanceOf(VisitorCommand.Hello.class,
        decode("{\"type\":\"hello\",\"token\":null,\"identity\":{\"customerId\":5}}"));
    assertNull(h.identity().customerId());
  }

  @Test
  void badFramesHavePreciseCodes() {
    assertEquals(ErrorCode.MISSING_FIELD, error("{\"text\":\"x\"}"));
    assertEquals(ErrorCode.UNKNOWN_TYPE, error("{\"type\":\"nope\"}"));
    assertEquals(ErrorCode.MISSING_FIELD, error("{\"type\":\"send\",\"text\":\"x\"}"));
    assertEquals(ErrorCode.INVALID_FIELD, error("{\"type\":\"send\",\"clientId\":\"a\",\"text\":\"   \"}"));
    assertEquals(ErrorCode.INVALID_FIELD, error("{\"type\":\"send\",\"clientId\":1,\"text\":\"x\"}"));
    assertEquals(ErrorCode.TOO_LARGE, error("{\"type\":\"send\",\"clientId\":\"a\",\"text\":\"" + "x".repeat(4001) + "\"}"));
    assertEquals(ErrorCode.INVALID_FIELD, error("{\"type\":\"rate\",\"score\":0}"));
    assertEquals(ErrorCode.INVALID_FIELD, error("{\"type\":\"hello\",\"lastSeq\":-1}"));
    assertEquals(ErrorCode.BAD_JSON, assertThrows(ApiException.class, () -> Json.parseObject("{\"a\":1} x")).code());
  }
}
