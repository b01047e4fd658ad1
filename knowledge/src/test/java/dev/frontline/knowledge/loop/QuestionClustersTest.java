package dev.frontline.knowledge.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuestionClustersTest {
  private static Miss miss(long id, String text, String faqId) {
    return new Miss(id, text, "suggest", faqId, 0.5, 1000 + id);
  }

  @Test
  void similarQuestions_groupTogether_mostFrequentFirst() {
    List<QuestionClusters.Group> groups = QuestionClusters.group(List.of(
        miss(1, "宽带坏了怎么报修", null),
        miss(2, "流量包怎么退订", "tel-010"),
        miss(3, "怎么退订流量包", "tel-010"),
        miss(4, "宽带坏了怎么报修？", null),
        miss(5, "流量包退订", null),
        miss(6, "国际漫游怎么开通", null)));
    assertEquals(3, groups.size(), groups.toString());
    assertEquals("u2", groups.get(0).id());
    assertEquals(3, groups.get(0).count());
    assertEquals("tel-010", groups.get(0).faqId());
    assertEquals("u1", groups.get(1).id());
    assertEquals(Map.of("宽带坏了怎么报修", 1, "宽带坏了怎么报修？", 1), groups.get(1).texts());
    assertEquals("u6", groups.get(2).id());
  }

  @Test
  void sameFoldedText_alwaysJoins_andTextsAreCountedByFrequency() {
    List<QuestionClusters.Group> groups = QuestionClusters.group(List.of(
        miss(1, "ＷＩＦＩ 密码", null), miss(2, "wifi密码", null), miss(3, "wifi密码", null)));
    assertEquals(1, groups.size());
    assertEquals("wifi密码", groups.get(0).texts().keySet().iterator().next());
  }

  @Test
  void theBotsSameGuess_lowersTheBarForJoining() {
    List<QuestionClusters.Group> apart = QuestionClusters.group(List.of(
        miss(1, "套餐怎么改", null), miss(2, "我想换个便宜点的套餐", null)));
    List<QuestionClusters.Group> together = QuestionClusters.group(List.of(
        miss(1, "套餐怎么改", "tel-020"), miss(2, "我想换个套餐怎么改", "tel-020")));
    assertEquals(2, apart.size());
    assertEquals(1, together.size());
  }

  @Test
  void groupId_isStableWhenTheGroupGrows() {
    String before = QuestionClusters.group(List.of(miss(7, "话费怎么查", null))).get(0).id();
    String after = QuestionClusters.group(List.of(miss(9, "话费怎么查询", null), miss(7, "话费怎么查", null)))
        .get(0).id();
    assertEquals(before, after);
  }

  @Test
  void manyQuestions_groupQuickly() {
    List<Miss> many = new java.util.ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      many.add(miss(i, "问题" + (i % 700) + "号怎么办理业务" + (i % 13), null));
    }
    long t0 = System.nanoTime();
    List<QuestionClusters.Group> groups = QuestionClusters.group(many);
    assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
    assertEquals(5000, groups.stream().mapToInt(QuestionClusters.Group::count).sum());
  }
}
