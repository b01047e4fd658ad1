package dev.frontline.bot.analysis;

/**
 * How Chinese text is cut into terms. Latin words and digits are handled the same way in every
 * mode (lower-cased, English stop words removed, Porter-stemmed). See docs/bot.md for the dev
 * comparison that picked the default.
 */
public enum ChineseSegmentation {
  /** Lucene smartcn: HMM word segmentation (dictionary words, e.g. 话费 / 查询). */
  SMARTCN,
  /** Overlapping character bigrams only (CJKAnalyzer style). */
  BIGRAM,
  /** Single characters plus overlapping bigrams. */
  UNIGRAM_BIGRAM,
  /** Single characters only (StandardAnalyzer style). */
  UNIGRAM
}
