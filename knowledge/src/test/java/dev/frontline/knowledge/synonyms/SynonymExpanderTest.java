package dev.frontline.knowledge.synonyms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontline.knowledge.model.FaqEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class SynonymExpanderTest {

  @Test
  void aTermInAPhrasing_addsAPhrasingPerOtherTermOfItsSet() {
    SynonymExpander x = new SynonymExpander(List.of(List.of("话费", "余额", "账户余额")));
    assertEquals(List.of("余额怎么查", "账户余额怎么查"), x.variants("话费怎么查"));
  }

  @Test
  void longestTermWins_andOverlapsAreNotReplacedTwice() {
    SynonymExpander x = new SynonymExpander(List.of(List.of("流量", "上网量"), List.of("数据流量", "移动数据")));
    assertEquals(List.of("移动数据还剩多少"), x.variants("数据流量还剩多少"));
  }

  @Test
  void latinTerms_matchWholeWordsOnly_andIgnoreCase() {
    SynonymExpander x = new SynonymExpander(List.of(List.of("app", "客户端")));
    assertEquals(List.of("客户端 login"), x.variants("APP login"));
    assertEquals(List.of(), x.variants("apple login"));
    assertEquals(List.of("下载客户端"), x.variants("下载app"));
  }

  @Test
  void setsSharingATerm_areMerged() {
    SynonymExpander x = new SynonymExpander(List.of(List.of("话费", "余额"), List.of("余额", "剩余金额")));
    assertEquals(List.of("余额查询", "剩余金额查询"), x.variants("话费查询"));
  }

  @Test
  void expand_appendsNewPhrasingsToSimilar_andLeavesUntouchedEntriesAlone() {
    SynonymExpander x = new SynonymExpander(List.of(List.of("话费", "余额")));
    FaqEntry e = new FaqEntry("a", "话费怎么查", List.of("查余额"), "…", "c");
    FaqEntry expanded = x.expand(e);
    assertEquals(List.of("查余额", "余额怎么查", "查话费"), expanded.similar());
    assertEquals(e.question(), expanded.question());
    FaqEntry other = new FaqEntry("b", "宽带报修", List.of(), "…", "c");
    assertSame(other, x.expand(other));
    assertSame(e, SynonymExpander.NONE.expand(e));
  }

  @Test
  void expand_isCapped() {
    SynonymExpander x = new SynonymExpander(List.of(java.util.stream.IntStream.range(0, 300)
        .mapToObj(i -> "词" + i).toList()));
    FaqEntry e = new FaqEntry("a", "词1怎么办", List.of(), "…", "c");
    assertTrue(x.expand(e).similar().size() <= SynonymExpander.MAX_VARIANTS);
  }
}
