package dev.frontline.server.conversation;

import dev.frontline.server.protocol.ServerFrame;
import dev.frontline.server.store.Journal;
import dev.frontline.server.trail.FiredToday;
import dev.frontline.server.trail.ProactiveRule;
import dev.frontline.server.trail.RuleBook;
import dev.frontline.server.trail.VisitorFacts;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proactive messages: on a visitor's arrival, on each page view, and when it has lingered on a
 * page for a rule's time, the rules are evaluated in memory on the visitor's owner thread; the
 * first that holds and has not fired today for this visitor is shown by the widget.
 */
final class Proactive {
  private static final Logger log = LoggerFactory.getLogger(Proactive.class);
  static final int MAX_PAGES = VisitorDirectory.RECENT_PAGES;

  private final ConversationService s;
  private final RuleBook rules;
  private final ZoneId zone;

  Proactive(ConversationService s, RuleBook rules, ZoneId zone) {
    this.s = s;
    this.rules = rules;
    this.zone = zone;
  }

  int today() {
    return FiredToday.day(s.clock, zone);
  }

  /** The visitor arrived on, or moved to, a page. */
  void pageView(VisitorState vs, String url, long now) {
    vs.pageSince = now;
    vs.pageSeq++;
    if (url != null) {
      vs.pages.add(url, now);
    }
    evaluate(vs);
    int seq = vs.pageSeq;
    for (int seconds : rules.dwellThresholds()) {
      s.timers.schedule(() -> s.shards.of(vs.id).execute(() -> {
        if (vs.pageSeq == seq && !vs.peers.isEmpty() && s.visitorsById.get(vs.id) == vs) {
          evaluate(vs);
        }
      }), seconds * 1000L + 50, TimeUnit.MILLISECONDS);
    }
  }

  void evaluate(VisitorState vs) {
    if (!vs.tracking || vs.peers.isEmpty()) {
      return;
    }
    int day = today();
    long now = s.clock.millis();
    VisitorFacts.Page current = vs.pages.newest();
    VisitorFacts facts = new VisitorFacts(current == null ? vs.pageUrl : current.url(),
        (now - vs.pageSince) / 1000, vs.visits, vs.returning, vs.pages, vs.pastChats, vs.attrs, vs.verifiedAttrs, now);
    ProactiveRule r = rules.first(facts, vs.fired.on(day));
    if (r == null) {
      return;
    }
    vs.fired.add(day, r.id());
    s.journal.submit(new Journal.Write("INSERT INTO rule_fires (rule_id, visitor_id, day_index, fired_at) VALUES (?, ?, ?, ?)",
        r.id(), vs.id, day, now));
    ServerFrame.Proactive frame = new ServerFrame.Proactive(r.id(), r.action());
    for (Peer p : new ArrayList<>(vs.peers)) {
      p.send(frame);
    }
    s.trail.record(vs.id, "proactive", vs.open == null ? null : vs.open.id,
        ConversationService.fields("ruleId", r.id(), "action", r.action().path("type").asText()));
    log.info("event=proactive.fired rule={} visitor={}", r.id(), vs.id);
  }
}
