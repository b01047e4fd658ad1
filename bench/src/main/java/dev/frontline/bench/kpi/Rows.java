package dev.frontline.bench.kpi;

import dev.frontline.bench.kpi.History.Conv;
import dev.frontline.bench.kpi.History.Kind;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * Spells one conversation of a {@link History} out as the rows the server would have left: the
 * visitor (at its first conversation), the conversation's final row with its facts, its messages
 * (a greeting with the menu, the visitor's and the bot's or agents' lines, the hand-off and closing
 * system messages), a transfer note, a work order, and the trail's server events.
 */
final class Rows {
  private static final String MENU_EXTRA = "{\"menu\":[{\"id\":\"consult\",\"label\":\"业务咨询\"},"
      + "{\"id\":\"query\",\"label\":\"业务查询\"},{\"id\":\"transact\",\"label\":\"业务办理\"},"
      + "{\"id\":\"shopping\",\"label\":\"线上购物\"},{\"id\":\"after_sales\",\"label\":\"售后服务\"},"
      + "{\"id\":\"download\",\"label\":\"应用下载\"},{\"id\":\"complaint\",\"label\":\"投诉建议\"},"
      + "{\"id\":\"other\",\"label\":\"其他服务\"}]}";
  private static final String[] VISITOR_LINES = {"你好，我想查一下话费余额", "宽带一直断线怎么办", "套餐怎么变更？",
      "我的订单什么时候发货", "退货流程是什么", "为什么这个月扣费这么多", "How do I reset my password?",
      "能帮我开一张发票吗", "流量用完了怎么加", "好的，谢谢", "还是不行", "人工客服", "请问营业厅几点关门",
      "手机号码过户需要什么材料"};
  private static final String[] BOT_LINES = {"您可以在「我的-账户」中查看余额，也可以发送 YE 到 10086。",
      "请先重启光猫，等待 3 分钟后再试；仍然断线请留下地址，我们安排上门。", "套餐变更在次月生效，可在 App「办理」中操作。",
      "抱歉，这个问题我还不会回答，您可以换个说法或转人工。"};
  private static final String[] AGENT_LINES = {"您好，我是客服，很高兴为您服务。", "请稍等，我帮您查询一下。",
      "已为您处理好了，请问还有其他问题吗？", "这个需要您提供一下身份证后四位。", "我已经为您登记了工单，24 小时内回复。",
      "感谢您的耐心等待。"};

  private final History h;
  private final long[] agentIds;
  private final long[] supervisorIds;
  private final BitSet visitorsWritten = new BitSet();

  Rows(History h, long[] agentIds, long[] supervisorIds) {
    this.h = h;
    this.agentIds = agentIds;
    this.supervisorIds = supervisorIds;
  }

  static String visitorId(int v) {
    String s = Integer.toString(v, 32);
    return "v-bench" + "0".repeat(Math.max(0, 15 - s.length())) + s;
  }

  static String agentName(int a) {
    return "坐席" + (a + 1);
  }

  void add(Conv c, Chunk out, SplittableRandom r) {
    String vid = visitorId(c.visitor);
    if (!visitorsWritten.get(c.visitor)) {
      visitorsWritten.set(c.visitor);
      out.add(Table.VISITORS, vid, c.visitor % 4 == 0 ? "cust-" + c.visitor : null, null, null, c.createdAt,
          h.visitorLast[c.visitor], h.visitorVisits[c.visitor], false, "web");
      out.add(Table.VISITOR_TOKENS, RandomIds.of("tok", r) + RandomIds.of("", r), vid, c.createdAt);
    }
    Long holder = c.supervisor >= 0 ? Long.valueOf(supervisorIds[c.supervisor])
        : c.agent >= 0 ? Long.valueOf(agentIds[c.agent]) : null;
    out.add(Table.CONVERSATIONS, c.id, vid, "closed", "web", nz(c.group), holder, nz(c.menuId), c.createdAt,
        c.closedAt, z(c.handoffAt), z(c.handoffAt), z(c.assignedAt), z(c.firstResponseAt), c.closedAt, c.closedBy,
        c.rating == 0 ? null : c.rating, c.rating != 0 && c.rating <= 2 && r.nextInt(3) == 0 ? "等太久了" : null,
        z(c.ratedAt), c.closedFrom, nz(c.handoffReason), z(c.firstVisitorAt), z(c.ticketAt), z(c.firstAssignedAt),
        z(c.followupAt));
    messages(c, holder, out, r);
    if (c.transferredFrom >= 0) {
      out.add(Table.CONVERSATION_NOTES, c.id, "transfer", agentIds[c.transferredFrom], agentName(c.transferredFrom),
          "转给" + c.group + "：需要专人处理", c.assignedAt);
      out.add(Table.VISITOR_EVENTS, vid, "transferred", c.assignedAt, c.id,
          "{\"from\":" + agentIds[c.transferredFrom] + ",\"toGroup\":\"" + c.group + "\"}");
    }
    if (c.supervisor >= 0) {
      out.add(Table.VISITOR_EVENTS, vid, "takeover", c.assignedAt, c.id, "{\"by\":" + holder + "}");
    }
    if (c.handoffAt != 0) {
      out.add(Table.VISITOR_EVENTS, vid, "handoff", c.handoffAt, c.id,
          "{\"group\":\"" + c.group + "\",\"reason\":\"" + c.handoffReason + "\"}");
    }
    if (c.ticketAt != 0) {
      out.add(Table.TICKETS, RandomIds.of("t", r), vid, c.id, nz(c.group), c.ticketKind,
          r.nextInt(3) == 0 ? "open" : "closed", "请尽快联系我处理，谢谢", "客户" + c.visitor, "1380000" + (c.visitor % 10000),
          null, null, c.ticketAt, c.ticketAt);
      out.add(Table.VISITOR_EVENTS, vid, "leave_message", c.ticketAt, c.id, null);
    }
    out.add(Table.VISITOR_EVENTS, vid, "closed", c.closedAt, c.id,
        "{\"by\":\"" + c.closedBy + "\",\"state\":\"" + c.closedFrom + "\"}");
    if (c.rating != 0) {
      out.add(Table.VISITOR_EVENTS, vid, "rated", c.ratedAt, c.id, "{\"score\":" + c.rating + "}");
    }
  }

  private void messages(Conv c, Long holder, Chunk out, SplittableRandom r) {
    int[] seq = {0};
    msg(out, c, seq, "bot", null, null, "您好，我是智能客服，请问有什么可以帮您？", c.createdAt, MENU_EXTRA, r);
    if (c.kind == Kind.SILENT) {
      msg(out, c, seq, "system", null, null, "会话因长时间无操作已结束", c.closedAt, null, r);
      return;
    }
    long t = c.firstVisitorAt;
    int botTurns = c.kind == Kind.BOT ? c.visitorMessages : c.handoffReason.startsWith("bot:") ? 2 : 1;
    int visitorLeft = c.visitorMessages;
    for (int i = 0; i < botTurns && visitorLeft > 0; i++, visitorLeft--) {
      msg(out, c, seq, "visitor", null, null, pick(VISITOR_LINES, r), t, null, r);
      msg(out, c, seq, "bot", null, null, pick(BOT_LINES, r), t + 800, null, r);
      t += 30_000;
    }
    if (c.handoffAt != 0) {
      msg(out, c, seq, "system", null, null, "正在为您转接人工客服，请稍候", c.handoffAt, null, r);
    }
    if (c.kind == Kind.ANSWERED) {
      int a = c.agent;
      int agentLeft = c.agentMessages;
      long step = Math.max(1_000, (c.closedAt - c.firstResponseAt) / (visitorLeft + agentLeft + 1));
      long ts = c.firstResponseAt;
      boolean transferred = false;
      while (agentLeft > 0 || visitorLeft > 0) {
        if (!transferred && c.assignedAt != c.firstAssignedAt && ts >= c.assignedAt) {
          msg(out, c, seq, "system", null, null, "已为您转接", c.assignedAt, null, r);
          transferred = true;
        }
        if (agentLeft > 0) {
          int who = transferred || c.transferredFrom < 0 ? a : c.transferredFrom;
          boolean supervisor = transferred && c.supervisor >= 0;
          msg(out, c, seq, "agent", supervisor ? holder : Long.valueOf(agentIds[who]),
              supervisor ? "主管" + (c.supervisor + 1) : agentName(who), pick(AGENT_LINES, r), ts, null, r);
          agentLeft--;
          ts += step;
        }
        if (visitorLeft > 0) {
          msg(out, c, seq, "visitor", null, null, pick(VISITOR_LINES, r), ts, null, r);
          visitorLeft--;
          ts += step;
        }
      }
    }
    msg(out, c, seq, "system", null, null, "会话已结束，感谢您的咨询", c.closedAt, null, r);
  }

  private static void msg(Chunk out, Conv c, int[] seq, String sender, Long authorId, String authorName, String text,
      long ts, String extra, SplittableRandom r) {
    String clientId = sender.equals("visitor") ? RandomIds.of("m", r) : null;
    String faqId = sender.equals("bot") && seq[0] > 0 && r.nextInt(2) == 0 ? "faq-" + r.nextInt(400) : null;
    out.add(Table.MESSAGES, c.id, ++seq[0], sender, authorId, authorName, text, ts, clientId, faqId, extra);
  }

  private static String pick(String[] a, SplittableRandom r) {
    return a[r.nextInt(a.length)];
  }

  private static Object z(long v) {
    return v == 0 ? null : v;
  }

  private static Object nz(String s) {
    return s.isEmpty() ? null : s;
  }
}
