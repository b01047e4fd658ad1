package dev.frontline.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.frontline.knowledge.loop.Miss;
import dev.frontline.knowledge.loop.QuestionClusters;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unanswered questions grouped by what they mean to the bot's model, not only by characters. */
class MeaningGroupsTest {

  private static List<Miss> misses(String... texts) {
    List<Miss> out = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      out.add(new Miss(i + 1, texts[i], "handoff", null, 0.1, i));
    }
    return out;
  }

  private static List<List<String>> texts(List<QuestionClusters.Group> groups) {
    return groups.stream().map(g -> g.misses().stream().map(Miss::text).sorted().toList())
        .sorted((a, b) -> a.get(0).compareTo(b.get(0))).toList();
  }

  @Test
  void questionsThatMeanTheSame_joinOneGroup_andOthersStayApart() {
    try (FaqBot bot = FaqBots.bilingual(BotConfig.defaults(), true)) {
      // 0.85 between the pet questions, 0.61 to the opening hours (bge-small-zh; join at 0.84)
      List<Miss> misses = misses("营业厅可以带宠物进去吗", "营业厅能带猫吗", "营业厅几点开门", "宽带坏了怎么办");
      assertEquals(4, QuestionClusters.group(misses).size(), "by characters alone every question is apart");
      List<List<String>> groups = texts(QuestionClusters.group(misses, bot::meaning));
      assertEquals(List.of(List.of("宽带坏了怎么办"), List.of("营业厅几点开门"),
          List.of("营业厅可以带宠物进去吗", "营业厅能带猫吗")), groups);
    }
  }
}
