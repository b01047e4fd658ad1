package dev.frontline.bot;

import dev.frontline.bot.analysis.Scripts;
import dev.frontline.bot.embed.EmbeddingModel;
import dev.frontline.bot.index.PhrasingDocuments;
import dev.frontline.knowledge.loop.QuestionClusters;
import dev.frontline.knowledge.model.FaqEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A knowledge base in Chinese, English or both: each entry goes to the bot of its language (Han
 * characters in its question, a similar question or its answer: Chinese), each with the
 * embedding model made for that language (bge-small zh or en). A Chinese entry that also has
 * English phrasings (sentences of {@value #ENGLISH_WORDS} or more Latin words and no Han
 * character: "how do I check my balance") is in the English bot too, with those phrasings only,
 * so one entry serves both languages (docs/bot.md, "Two languages in one base"). A question
 * with Han characters goes to the Chinese bot; any other to the English bot — and when both
 * bots hold entries, to the Chinese one as well, the more confident reply winning (a bare code
 * or name like "10000P1" or "Mi Pay" belongs to a Chinese entry). A bot without entries is not
 * asked. The English bot and its model are only created once an English phrasing arrives.
 */
final class BilingualFaqBot implements FaqBot {
  private final BotConfig zhConfig;
  private volatile BotConfig enConfig;
  private final LuceneFaqBot zh;
  private volatile LuceneFaqBot en;
  /** Latin words (two letters or more) that make a phrasing without Han characters English. */
  static final int ENGLISH_WORDS = 3;

  private static final Pattern LATIN_WORD = Pattern.compile("[A-Za-z]{2,}");

  /** Entries held by the Chinese bot and by the English bot, to route edits and deletes. */
  private final Set<String> inZh = ConcurrentHashMap.newKeySet();
  private final Set<String> inEn = ConcurrentHashMap.newKeySet();

  BilingualFaqBot(BotConfig base, boolean dense) {
    this.zhConfig = dense ? base.withDense(EmbeddingModel.BGE_SMALL_ZH) : base;
    this.enConfig = dense ? base.withDense(EmbeddingModel.BGE_SMALL_EN) : base;
    this.zh = new LuceneFaqBot(zhConfig);
  }

  private volatile CalibrationSettings calibrationSettings = CalibrationSettings.DEFAULTS;

  private synchronized LuceneFaqBot english() {
    if (en == null) {
      en = new LuceneFaqBot(enConfig);
      calibrateEach(calibrationSettings);
    }
    return en;
  }

  @Override
  public List<Calibration> calibrations() {
    List<Calibration> out = new ArrayList<>(zh.calibrations());
    LuceneFaqBot english = en;
    if (english != null) {
      out.addAll(english.calibrations());
    }
    return out;
  }

  /** Each bot gets the out-of-scope examples of its language (all of them while there is one bot). */
  @Override
  public synchronized void calibrate(CalibrationSettings settings) {
    calibrationSettings = settings;
    calibrateEach(settings);
  }

  private void calibrateEach(CalibrationSettings settings) {
    LuceneFaqBot english = en;
    if (english == null) {
      zh.calibrate(settings);
      return;
    }
    List<String> zhExamples = new ArrayList<>();
    List<String> enExamples = new ArrayList<>();
    for (String q : settings.outOfScope()) {
      (Scripts.hasHan(q) ? zhExamples : enExamples).add(q);
    }
    zh.calibrate(settings.withOutOfScope(zhExamples));
    english.calibrate(settings.withOutOfScope(enExamples));
  }

  /**
   * Chinese when any of its text has Han characters: an entry titled by a name or a code ("Mi Pay",
   * "95534") whose phrasings or answer are Chinese belongs with the Chinese entries.
   */
  static boolean isChinese(FaqEntry e) {
    if (Scripts.hasHan(e.question()) || Scripts.hasHan(e.answer())) {
      return true;
    }
    for (String s : e.similar()) {
      if (Scripts.hasHan(s)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public BotReply answer(String question, BotContext context) {
    LuceneFaqBot english = en;
    boolean hasEnglish = english != null && english.size() > 0;
    if (question != null && Scripts.hasHan(question) || !hasEnglish) {
      return zh.size() > 0 || !hasEnglish ? zh.answer(question, context) : english.answer(question, context);
    }
    BotReply reply = english.answer(question, context);
    if (zh.size() == 0) {
      return reply;
    }
    BotReply other = zh.answer(question, context);
    return other.score() > reply.score() ? other : reply;
  }

  /** By the model of the question's language (the Chinese one while there is no English bot). */
  @Override
  public QuestionClusters.Meaning meaning(String text) {
    LuceneFaqBot english = en;
    return text == null || Scripts.hasHan(text) || english == null ? zh.meaning(text) : english.meaning(text);
  }

  /** The English phrasings of a Chinese entry: no Han character and enough Latin words. */
  static List<String> englishPhrasings(FaqEntry e) {
    List<String> out = new ArrayList<>();
    for (String p : PhrasingDocuments.phrasings(e)) {
      if (!Scripts.hasHan(p) && LATIN_WORD.matcher(p).results().count() >= ENGLISH_WORDS) {
        out.add(p);
      }
    }
    return out;
  }

  /** What the English bot holds of {@code e}: all of it when it is English, else its English phrasings (or null). */
  static FaqEntry englishPart(FaqEntry e) {
    if (!isChinese(e)) {
      return e;
    }
    List<String> english = englishPhrasings(e);
    if (english.isEmpty()) {
      return null;
    }
    return new FaqEntry(e.id(), english.get(0), english.subList(1, english.size()), e.answer(), e.category());
  }

  @Override
  public void upsert(FaqEntry entry) {
    boolean isZh = isChinese(entry);
    FaqEntry enPart = englishPart(entry);
    if (isZh) {
      inZh.add(entry.id());
      zh.upsert(entry);
    } else if (inZh.remove(entry.id())) {
      zh.delete(entry.id());
    }
    if (enPart != null) {
      inEn.add(entry.id());
      english().upsert(enPart);
    } else if (inEn.remove(entry.id())) {
      english().delete(entry.id());
    }
  }

  @Override
  public void delete(String id) {
    inZh.remove(id);
    inEn.remove(id);
    zh.delete(id);
    LuceneFaqBot english = en;
    if (english != null) {
      english.delete(id);
    }
  }

  @Override
  public void replaceAll(Collection<FaqEntry> entries) {
    List<FaqEntry> zhEntries = new ArrayList<>();
    List<FaqEntry> enEntries = new ArrayList<>();
    inZh.clear();
    inEn.clear();
    for (FaqEntry e : entries) {
      if (isChinese(e)) {
        inZh.add(e.id());
        zhEntries.add(e);
      }
      FaqEntry enPart = englishPart(e);
      if (enPart != null) {
        inEn.add(e.id());
        enEntries.add(enPart);
      }
    }
    zh.replaceAll(zhEntries);
    if (!enEntries.isEmpty() || en != null) {
      english().replaceAll(enEntries);
    }
  }

  @Override
  public synchronized void directCategories(Set<String> categories) {
    enConfig = enConfig.withDirectCategories(categories); // for an English bot created later
    zh.directCategories(categories);
    if (en != null) {
      en.directCategories(categories);
    }
  }

  @Override
  public void settle() {
    zh.settle();
    LuceneFaqBot english = en;
    if (english != null) {
      english.settle();
    }
  }

  @Override
  public void close() {
    zh.close();
    if (en != null) {
      en.close();
    }
  }
}
