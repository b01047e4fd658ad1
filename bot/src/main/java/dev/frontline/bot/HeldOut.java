package dev.frontline.bot;

import dev.frontline.bot.index.FaqIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Which of a base's phrasings calibration holds out and asks. */
final class HeldOut {
  private HeldOut() {}

  /**
   * The phrasings of entries with two or more (a phrasing held out of a one-phrasing entry has
   * nothing left to match); at most {@code max}, chosen by a hash of entry and text so that the
   * sample of a large base is the same from one calibration to the next and moves little when a
   * few entries change.
   */
  static List<FaqIndex.Phrasing> sample(List<FaqIndex.Phrasing> phrasings, int max) {
    Map<String, Integer> perEntry = new HashMap<>();
    for (FaqIndex.Phrasing p : phrasings) {
      perEntry.merge(p.faqId(), 1, Integer::sum);
    }
    List<FaqIndex.Phrasing> out = new ArrayList<>();
    for (FaqIndex.Phrasing p : phrasings) {
      if (perEntry.get(p.faqId()) >= 2) {
        out.add(p);
      }
    }
    if (out.size() <= max) {
      return out;
    }
    out.sort(Comparator.comparingInt(HeldOut::mix));
    return List.copyOf(out.subList(0, max));
  }

  private static int mix(FaqIndex.Phrasing p) {
    int h = (p.faqId() + '\u0000' + p.text()).hashCode();
    h ^= h >>> 16;
    h *= 0x45d9f3b;
    return h ^ (h >>> 16);
  }
}
