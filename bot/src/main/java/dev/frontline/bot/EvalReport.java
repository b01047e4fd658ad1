package dev.frontline.bot;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Aggregate figures of an evaluation run; see {@link #format()}. */
record EvalReport(
    int inScope,
    int outOfScope,
    double top1,
    double servedRight,
    double top3,
    double mrr,
    double answerPrecision,
    double answerRate,
    double oosHandedOff,
    double inScopeHandedOff,
    double p50Millis,
    double p99Millis,
    double cpuP50Millis,
    double cpuP99Millis,
    Map<String, Integer> reasons) {

  static EvalReport of(List<EvalResult> results) {
    int in = 0, oos = 0, top1 = 0, served = 0, top3 = 0, answered = 0, answeredRight = 0, answeredIn = 0;
    int oosHandoff = 0, inHandoff = 0;
    double rr = 0;
    Map<String, Integer> reasons = new TreeMap<>();
    long[] nanos = new long[results.size()];
    long[] cpu = new long[results.size()];
    int i = 0;
    for (EvalResult r : results) {
      cpu[i] = r.cpuNanos();
      nanos[i++] = r.nanos();
      Decision d = r.reply().decision();
      reasons.merge(r.reply().reason(), 1, Integer::sum);
      if (d == Decision.ANSWER) {
        answered++;
        if (r.query().inScope() && r.query().faqId().equals(r.reply().faqId())) {
          answeredRight++;
        }
      }
      if (!r.query().inScope()) {
        oos++;
        oosHandoff += d == Decision.HANDOFF ? 1 : 0;
        continue;
      }
      in++;
      int rank = r.goldRank();
      top1 += rank == 1 ? 1 : 0;
      served += d != Decision.HANDOFF && r.query().faqId().equals(r.reply().faqId()) ? 1 : 0;
      top3 += rank >= 1 && rank <= 3 ? 1 : 0;
      rr += rank >= 1 ? 1.0 / rank : 0;
      answeredIn += d == Decision.ANSWER ? 1 : 0;
      inHandoff += d == Decision.HANDOFF ? 1 : 0;
    }
    Arrays.sort(nanos);
    Arrays.sort(cpu);
    return new EvalReport(
        in, oos, share(top1, in), share(served, in), share(top3, in), in == 0 ? 0 : rr / in,
        share(answeredRight, answered), share(answeredIn, in), share(oosHandoff, oos),
        share(inHandoff, in), percentile(nanos, 0.50), percentile(nanos, 0.99), percentile(cpu, 0.50), percentile(cpu, 0.99),
        Map.copyOf(reasons));
  }

  private static double share(int part, int whole) {
    return whole == 0 ? Double.NaN : (double) part / whole;
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int at = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, at))] / 1e6;
  }

  String format() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "queries            %d in scope, %d out of scope%n", inScope, outOfScope));
    b.append(line("top-1 accuracy", top1));
    b.append(line("right, not handed", servedRight));
    b.append(line("top-3 recall", top3));
    b.append(String.format(Locale.ROOT, "MRR                %.4f%n", mrr));
    b.append(line("answer precision", answerPrecision));
    b.append(line("answer rate", answerRate));
    if (outOfScope > 0) {
      b.append(line("oos handed off", oosHandedOff));
    }
    b.append(line("in-scope handoff", inScopeHandedOff));
    b.append(String.format(Locale.ROOT, "latency p50        %.3f ms%n", p50Millis));
    b.append(String.format(Locale.ROOT, "latency p99        %.3f ms%n", p99Millis));
    b.append(String.format(Locale.ROOT, "CPU per question   p50 %.3f ms, p99 %.3f ms (thread CPU time, independent of other load)%n", cpuP50Millis, cpuP99Millis));
    b.append(String.format(Locale.ROOT, "reasons            %s%n", new TreeMap<>(reasons)));
    return b.toString();
  }

  private static String line(String label, double share) {
    return String.format(Locale.ROOT, "%-18s %5.1f %%%n", label, share * 100);
  }
}
