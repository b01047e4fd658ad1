package dev.frontline.knowledge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontline.knowledge.model.FaqContent;
import java.util.List;
import org.junit.jupiter.api.Test;

class KbSearchTest {
  private static final FaqContent BILL = FaqContent.basic("怎么查询话费余额？", List.of("我还有多少话费"), "发送CXHF到10001", "话费");
  private static final FaqContent DATA = FaqContent.basic("流量套餐怎么办理", List.of("加流量包"), "打开App", "流量");

  @Test
  void aTypedPrefix_matchesTheQuestionsThatContainIt() {
    assertEquals(1.0, KbSearch.score(KbSearch.query("流量"), DATA));
    assertEquals(0.95, KbSearch.score(KbSearch.query("话费"), BILL));
    assertEquals(0.9, KbSearch.score(KbSearch.query("加流量"), DATA));
    assertEquals(0, KbSearch.score(KbSearch.query("流量"), BILL));
  }

  @Test
  void reorderedWords_matchByBigramCoverage_andAnswersMatchLast() {
    assertTrue(KbSearch.score(KbSearch.query("话费余额查询"), BILL) > 0.5);
    assertEquals(0.5, KbSearch.score(KbSearch.query("cxhf"), BILL));
    assertEquals(0, KbSearch.score(KbSearch.query("  "), BILL));
  }
}
