package dev.frontline.bot;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/** One labelled question of an evaluation split; {@code faqId} null means out of scope. */
record EvalQuery(@JsonProperty("query") String query, @JsonProperty("faq_id") String faqId) {
  EvalQuery {
    Objects.requireNonNull(query, "query");
  }

  boolean inScope() {
    return faqId != null;
  }
}
