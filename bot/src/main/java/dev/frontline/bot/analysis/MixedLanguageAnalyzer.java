package dev.frontline.bot.analysis;

import java.io.Reader;
import java.util.Objects;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthCharFilter;
import org.apache.lucene.analysis.cn.smart.HMMChineseTokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * One analysis chain for Chinese, English and the mix of both that visitors type ("5G套餐怎么办",
 * "营业厅app下载"): full-width forms folded to half-width, Chinese cut per {@link
 * ChineseSegmentation}, Latin words lower-cased, English stop words dropped and Porter-stemmed.
 * Chinese tokens pass the English filters unchanged, so a single field serves both languages.
 */
public final class MixedLanguageAnalyzer extends Analyzer {

  private static final CharArraySet STOP_WORDS = EnglishAnalyzer.ENGLISH_STOP_WORDS_SET;

  private final ChineseSegmentation segmentation;

  public MixedLanguageAnalyzer(ChineseSegmentation segmentation) {
    this.segmentation = Objects.requireNonNull(segmentation, "segmentation");
  }

  public ChineseSegmentation segmentation() {
    return segmentation;
  }

  @Override
  protected Reader initReader(String fieldName, Reader reader) {
    return new CJKWidthCharFilter(reader);
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    Tokenizer source;
    TokenStream stream;
    if (segmentation == ChineseSegmentation.SMARTCN) {
      source = new HMMChineseTokenizer();
      stream = new PunctuationFilter(source);
    } else {
      source = new StandardTokenizer();
      stream = source;
      if (segmentation != ChineseSegmentation.UNIGRAM) {
        boolean unigrams = segmentation == ChineseSegmentation.UNIGRAM_BIGRAM;
        stream = new CJKBigramFilter(stream, CJKBigramFilter.HAN, unigrams);
      }
    }
    stream = new EnglishPossessiveFilter(stream);
    stream = new LowerCaseFilter(stream);
    stream = new StopFilter(stream, STOP_WORDS);
    stream = new PorterStemFilter(stream);
    return new TokenStreamComponents(source, stream);
  }

  @Override
  protected TokenStream normalize(String fieldName, TokenStream in) {
    return new LowerCaseFilter(in);
  }
}
