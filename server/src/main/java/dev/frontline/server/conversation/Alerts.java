package dev.frontline.server.conversation;

import dev.frontline.server.config.Settings;
import dev.frontline.server.protocol.ServerFrame;
import dev.frontline.server.routing.AgentDispatcher;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervisors' alerts, pushed on {@code /ws/agent} and logged: a group's queue longer than
 * {@code alertQueueLength}, a visitor waiting in a queue longer than
 * {@code firstResponseTargetSeconds}, an assigned chat whose visitor has had no agent reply for
 * {@code alertNoReplySeconds}. Checked every {@link #EVERY_MS} by the timer; each alert is raised
 * once while its condition holds (a queue may alert again once it went back under its
 * threshold; a chat again after the agent answered and the visitor wrote again).
 */
public final class Alerts {
  private static final Logger log = LoggerFactory.getLogger(Alerts.class);
  public static final long EVERY_MS = 1_000;

  private final ConversationService s;
  private final Settings settings;
  private final Clock clock;
  private final Set<Peer> supervisors = ConcurrentHashMap.newKeySet();
  /** Keys of the alerts raised whose condition still held at the last look. */
  private final Set<String> raised = ConcurrentHashMap.newKeySet();

  Alerts(ConversationService s, Settings settings, Clock clock) {
    this.s = s;
    this.settings = settings;
    this.clock = clock;
  }

  void subscribe(Peer p) {
    supervisors.add(p);
  }

  void unsubscribe(Peer p) {
    supervisors.remove(p);
  }

  /** One look (timer thread): queues from the dispatcher, chats on their owners' threads. */
  public void sweep() {
    long now = clock.millis();
    s.dispatcher.waiting().thenAccept(w -> queues(w, now));
    long noReply = TimeUnit.SECONDS.toMillis(settings.number("alertNoReplySeconds"));
    Set<String> chats = new HashSet<>();
    for (Conversation c : s.open.values()) {
      chats.add(c.id);
      if (noReply > 0 && c.state == State.ASSIGNED && c.lastSpeaker == Sender.VISITOR) {
        s.shards.of(c.visitorId).execute(() -> noReply(c, now, noReply));
      }
    }
    raised.removeIf(k -> k.startsWith("no_reply:") && !chats.contains(k.split(":")[1]));
  }

  private void queues(List<AgentDispatcher.WaitingView> waiting, long now) {
    long limit = settings.number("alertQueueLength");
    long target = TimeUnit.SECONDS.toMillis(settings.number("firstResponseTargetSeconds"));
    Map<String, Integer> lengths = new HashMap<>();
    Set<String> still = new HashSet<>();
    for (AgentDispatcher.WaitingView w : waiting) {
      lengths.merge(w.group(), 1, Integer::sum);
      String key = "wait:" + w.conversationId();
      still.add(key);
      if (target > 0 && now - w.since() > target && raised.add(key)) {
        raise(new ServerFrame.Alert(key, "wait", w.group(), w.conversationId(), null, null, null, target,
            now - w.since(), now));
      }
    }
    lengths.forEach((g, n) -> {
      String key = "queue:" + g;
      if (limit > 0 && n > limit) {
        still.add(key);
        if (raised.add(key)) {
          raise(new ServerFrame.Alert(key + ":" + now, "queue", g, null, null, null, n, limit, null, now));
        }
      }
    });
    raised.removeIf(k -> (k.startsWith("wait:") || k.startsWith("queue:")) && !still.contains(k));
  }

  private void noReply(Conversation c, long now, long limit) {
    if (!c.isOpen() || c.state != State.ASSIGNED || c.lastSpeaker != Sender.VISITOR || now - c.lastSpokeAt < limit) {
      return;
    }
    String key = "no_reply:" + c.id + ":" + c.lastSpokeAt;
    if (raised.add(key)) {
      raise(new ServerFrame.Alert(key, "no_reply", c.groupId, c.id, c.agentId, c.agentName, null, limit,
          now - c.lastSpokeAt, now));
    }
  }

  private void raise(ServerFrame.Alert a) {
    log.warn("event=alert kind={} group={} conv={} agent={} count={} waitedMs={}", a.kind(), a.group(),
        a.conversationId(), a.agentId(), a.count(), a.waitedMs());
    for (Peer p : supervisors) {
      p.send(a);
    }
  }
}
