package dev.frontline.bot.match;

import java.util.List;

/** What the {@link Reranker} may weigh for one candidate entry, beyond the fusion's score. */
public enum RerankFeature {
  /** Best phrasing's lexical score. */
  LEXICAL {
    @Override
    double value(EntryEvidence e, List<EntryEvidence> all) {
      return e.lexical();
    }
  },
  /** Best phrasing's cosine. */
  DENSE_MAX {
    @Override
    double value(EntryEvidence e, List<EntryEvidence> all) {
      return e.denseMax();
    }
  },
  /** Cosine to the entry's centroid. */
  DENSE_CENTROID {
    @Override
    double value(EntryEvidence e, List<EntryEvidence> all) {
      return e.denseCentroid();
    }
  },
  /** Share of the question's names and codes the entry has. */
  IDENTIFIERS {
    @Override
    double value(EntryEvidence e, List<EntryEvidence> all) {
      return e.identifiers();
    }
  },
  /** Second-best phrasing's cosine. */
  DENSE_SECOND {
    @Override
    double value(EntryEvidence e, List<EntryEvidence> all) {
      return e.denseSecond();
    }
  },
  /** Mean cosine of the entry's phrasings. */
  DENSE_MEAN {
    @Override
    double value(EntryEvidence e, List<EntryEvidence> all) {
      return e.denseMean();
    }
  },
  /** Log of the entry's number of phrasings. */
  LOG_PHRASINGS {
    @Override
    double value(EntryEvidence e, List<EntryEvidence> all) {
      return Math.log(e.phrasings());
    }
  },
  /** Whether the entry has a single phrasing (its centroid is that phrasing). */
  SINGLE_PHRASING {
    @Override
    double value(EntryEvidence e, List<EntryEvidence> all) {
      return e.phrasings() == 1 ? 1 : 0;
    }
  },
  /** Lexical score of the phrasing nearest by cosine (both matchers agree on one phrasing). */
  LEXICAL_OF_NEAREST {
    @Override
    double value(EntryEvidence e, List<EntryEvidence> all) {
      return e.lexicalOfNearest();
    }
  },
  /** Cosine of the phrasing with the best lexical score. */
  DENSE_OF_LEXICAL {
    @Override
    double value(EntryEvidence e, List<EntryEvidence> all) {
      return e.denseOfLexical();
    }
  },
  /** Lexical score times centroid cosine (both at once). */
  LEXICAL_TIMES_DENSE {
    @Override
    double value(EntryEvidence e, List<EntryEvidence> all) {
      return e.lexical() * e.denseCentroid();
    }
  },
  /** Reciprocal rank of the entry's lexical score among the candidates. */
  LEXICAL_RANK {
    @Override
    double value(EntryEvidence e, List<EntryEvidence> all) {
      int above = 0;
      for (EntryEvidence o : all) {
        above += o.lexical() > e.lexical() ? 1 : 0;
      }
      return 1.0 / (1 + above);
    }
  },
  /** Reciprocal rank of the entry's centroid cosine among the candidates. */
  DENSE_RANK {
    @Override
    double value(EntryEvidence e, List<EntryEvidence> all) {
      int above = 0;
      for (EntryEvidence o : all) {
        above += o.denseCentroid() > e.denseCentroid() ? 1 : 0;
      }
      return 1.0 / (1 + above);
    }
  };

  abstract double value(EntryEvidence e, List<EntryEvidence> all);
}
