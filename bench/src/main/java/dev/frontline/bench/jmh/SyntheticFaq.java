package dev.frontline.bench.jmh;

import dev.frontline.knowledge.model.FaqEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic Chinese FAQ bases of any size: each entry's question and similar
 * phrasings are built from a shared telecom / banking vocabulary, so that BM25 and the embedding
 * model see realistic, overlapping text, and visitor questions are perturbed phrasings.
 */
final class SyntheticFaq {

  private static final String[] TOPICS = {
    "话费", "流量", "宽带", "套餐", "发票", "积分", "密码", "来电提醒", "国际漫游", "5G", "营业厅App",
    "光猫", "携号转网", "停机保号", "充值", "账单", "信用卡", "储蓄卡", "转账", "贷款", "还款", "利息",
    "手续费", "额度", "验证码", "银行卡", "二维码", "云闪付", "ATM", "POS机", "退款", "快递", "订单",
    "会员", "优惠券", "保险", "理赔", "合同", "证件", "地址"
  };

  private static final String[] ACTIONS = {
    "查询", "办理", "取消", "开通", "修改", "退订", "申请", "激活", "挂失", "补办", "升级", "变更",
    "恢复", "绑定", "解绑", "报修", "投诉", "下载", "缴纳", "兑换"
  };

  private static final String[] FRAMES = {
    "怎么%s%s", "%2$s怎么%1$s", "如何%s%s", "我想%s%s", "%2$s能不能%1$s", "在哪里%s%s", "%2$s%1$s要多久",
    "%2$s%1$s收费吗", "为什么不能%s%s", "%2$s%1$s失败了怎么办"
  };

  private static final String[] EXTRAS = {
    "", "", "", "请问", "你好，", "麻烦问下", "急！", "今天", "手机上", "网上", "周末", "晚上", "我的", "家里的"
  };

  private SyntheticFaq() {}

  static List<FaqEntry> entries(int count, int similarPerEntry, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<FaqEntry> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String topic = TOPICS[random.nextInt(TOPICS.length)] + suffix(i);
      String action = ACTIONS[random.nextInt(ACTIONS.length)];
      String question = phrase(random, action, topic);
      List<String> similar = new ArrayList<>(similarPerEntry);
      for (int s = 0; s < similarPerEntry; s++) {
        similar.add(phrase(random, action, topic));
      }
      out.add(new FaqEntry("syn-" + i, question, similar, "答复 " + i, "类别" + (i % 20)));
    }
    return out;
  }

  /** A visitor question about a random entry of {@code entries}. */
  static String question(SplittableRandom random, List<FaqEntry> entries) {
    FaqEntry e = entries.get(random.nextInt(entries.size()));
    String base = e.similar().isEmpty() ? e.question() : e.similar().get(random.nextInt(e.similar().size()));
    return EXTRAS[random.nextInt(EXTRAS.length)] + base + (random.nextBoolean() ? "？" : "呢");
  }

  private static String phrase(SplittableRandom random, String action, String topic) {
    String frame = FRAMES[random.nextInt(FRAMES.length)];
    return EXTRAS[random.nextInt(EXTRAS.length)] + String.format(java.util.Locale.ROOT, frame, action, topic);
  }

  /** Makes topics distinct across many entries ("话费业务3"). */
  private static String suffix(int i) {
    return i < TOPICS.length ? "" : "业务" + (i / TOPICS.length);
  }
}
