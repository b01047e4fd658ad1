package dev.frontline.bot;

import dev.frontline.bot.analysis.Scripts;
import dev.frontline.bot.embed.EmbeddingModel;
import dev.frontline.knowledge.model.FaqEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A knowledge base in Chinese, English or both: each entry goes to the bot of its language (Han
 * characters in its question, a similar question or its answer: Chinese), each with the embedding model made for that language
 * (bge-small zh or en), and each question to the bot of its own language — or to the other one
 * when that has no entries (an English "5G" question against a Chinese base). The English bot
 * and its model are only created once an English entry arrives.
 */
final class BilingualFaqBot implements FaqBot {
  private final BotConfig zhConfig;
  private volatile BotConfig enConfig;
  private final LuceneFaqBot zh;
  private volatile LuceneFaqBot en;
  /** Entry id -> whether it lives in the Chinese bot, to route edits and deletes. */
  private final Map<String, Boolean> chinese = new ConcurrentHashMap<>();

  BilingualFaqBot(BotConfig base, boolean dense) {
    this.zhConfig = dense ? base.withDense(EmbeddingModel.BGE_SMALL_ZH) : base;
    this.enConfig = dense ? base.withDense(EmbeddingModel.BGE_SMALL_EN) : base;
    this.zh = new LuceneFaqBot(zhConfig);
  }

  private synchronized LuceneFaqBot english() {
    if (en == null) {
      en = new LuceneFaqBot(enConfig);
    }
    return en;
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
    boolean han = question != null && Scripts.hasHan(question);
    LuceneFaqBot first = han || english == null ? zh : english;
    LuceneFaqBot other = first == zh ? english : zh;
    if (first.size() == 0 && other != null && other.size() > 0) {
      return other.answer(question, context);
    }
    return first.answer(question, context);
  }

  @Override
  public void upsert(FaqEntry entry) {
    boolean isZh = isChinese(entry);
    Boolean before = chinese.put(entry.id(), isZh);
    if (before != null && before != isZh) {
      (before ? zh : english()).delete(entry.id());
    }
    (isZh ? zh : english()).upsert(entry);
  }

  @Override
  public void delete(String id) {
    Boolean where = chinese.remove(id);
    if (where == null) {
      zh.delete(id);
      if (en != null) {
        en.delete(id);
      }
    } else {
      (where ? zh : english()).delete(id);
    }
  }

  @Override
  public void replaceAll(Collection<FaqEntry> entries) {
    List<FaqEntry> zhEntries = new ArrayList<>();
    List<FaqEntry> enEntries = new ArrayList<>();
    chinese.clear();
    for (FaqEntry e : entries) {
      boolean isZh = isChinese(e);
      chinese.put(e.id(), isZh);
      (isZh ? zhEntries : enEntries).add(e);
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
