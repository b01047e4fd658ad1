package dev.frontline.knowledge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaqContentTest {

  @Test
  void phrasings_areTrimmed_blanksRepeatsAndTheQuestionDropped() {
    FaqContent c = FaqContent.basic(" 话费怎么查 ", Arrays.asList("查话费", " 查话费", "", null, "话费怎么查"), " a ", null);
    assertEquals("话费怎么查", c.question());
    assertEquals(List.of("查话费"), c.similar());
    assertEquals("a", c.answer());
    assertEquals("", c.category());
  }

  @Test
  void badContent_namesTheField() {
    assertEquals("question", assertThrows(InvalidContentException.class,
        () -> FaqContent.basic(" ", List.of(), "a", "")).field());
    assertEquals("imageUrl", assertThrows(InvalidContentException.class,
        () -> new FaqContent("q", List.of(), "a", "javascript:alert(1)", "", List.of(), List.of(), null, null)).field());
    assertEquals("channels", assertThrows(InvalidContentException.class,
        () -> new FaqContent("q", List.of(), "a", null, "", List.of(), List.of("we chat"), null, null)).field());
    assertEquals("validUntil", assertThrows(InvalidContentException.class,
        () -> new FaqContent("q", List.of(), "a", null, "", List.of(), List.of(), 5L, 5L)).field());
  }

  @Test
  void validity_andChannelScope() {
    FaqContent c = new FaqContent("q", List.of(), "a", null, "", List.of(), List.of("App", "wechat"), 100L, 200L);
    assertFalse(c.validAt(99));
    assertTrue(c.validAt(100));
    assertFalse(c.validAt(200));
    assertTrue(c.inChannel("app"));
    assertFalse(c.inChannel("web"));
    assertTrue(c.inChannel(null));
    assertTrue(FaqContent.basic("q", List.of(), "a", "").inChannel("web"));
  }

  @Test
  void ids_allowDatasetIdsAndRefuseApiWords() {
    assertTrue(FaqIds.valid("up-0001"));
    assertTrue(FaqIds.valid("话费.1"));
    assertFalse(FaqIds.valid("export"));
    assertFalse(FaqIds.valid("a/b"));
    assertFalse(FaqIds.valid(""));
    assertFalse(FaqIds.valid("x".repeat(65)));
  }
}
