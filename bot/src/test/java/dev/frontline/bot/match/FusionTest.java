package dev.frontline.bot.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FusionTest {

  private static final Fusion ZH = new Fusion(4, 2, 16, 4, 0.135, 0.931, -2.831);

  private static EntryEvidence entry(String id, double lexical, double cosine, double identifiers) {
    return new EntryEvidence(id, 0, lexical, cosine, cosine, cosine, 2, identifiers);
  }

  @Test
  void theEntryWithTheQuestionsName_staysFirst_whenItLeadsByAHair() {
    // "twin" has the question's name; "other" is a hair behind on the ranking score but closer
    // without the name, which the level of the calibration sees.
    EntryEvidence twin = entry("twin", 0.2, 0.62, 1.0);
    EntryEvidence other = entry("other", 0.2, 0.62 + 3.9 / 18, 0.0);
    List<Candidate> ranked = ZH.rank(List.of(other, twin), 0);
    assertTrue(ZH.rankingScore(twin) > ZH.rankingScore(other));
    assertEquals("twin", ranked.get(0).faqId());
    assertTrue(ranked.get(0).score() >= ranked.get(1).score(), ranked.toString());
  }

  @Test
  void scores_neverRiseDownTheList() {
    List<EntryEvidence> ev = List.of(
        entry("a", 0.9, 0.8, 0), entry("b", 0.1, 0.7, 1), entry("c", 0.5, 0.75, 0.5),
        entry("d", 0.0, 0.3, 0));
    List<Candidate> ranked = ZH.rank(ev, 5);
    for (int i = 1; i < ranked.size(); i++) {
      assertTrue(ranked.get(i - 1).score() >= ranked.get(i).score(), ranked.toString());
    }
    assertEquals(4, ranked.size());
  }
}
