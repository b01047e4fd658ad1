package dev.frontline.bench;

import dev.frontline.bench.load.Coordinator;
import dev.frontline.bench.load.LoadOptions;
import dev.frontline.bench.load.WorkerMain;
import java.util.Arrays;

/**
 * Entry point of {@code frontline-bench.jar}:
 *
 * <pre>
 *   load --url ws://127.0.0.1:8080/ws/visitor --mode idle|chat --clients N ...   the load generator
 *   jmh [JMH options]                                                          the JMH runner
 *   kpi-fill|kpi-time|kpi-cost [options]        the KPI benchmark's steps (bench/kpi.sh)
 *   floor [--port N]                            the stock Netty floor that only acks (bench/bot-path.sh)
 * </pre>
 *
 * {@code load-worker} is the load generator's worker process, started by {@code load} itself.
 */
@SuppressForbidden
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "load" -> {
        LoadOptions options;
        try {
          options = LoadOptions.parse(rest);
        } catch (IllegalArgumentException e) {
          System.err.println(e.getMessage());
          System.err.println();
          usage();
          System.exit(2);
          return;
        }
        System.exit(new Coordinator(options).run());
      }
      case "load-worker" -> System.exit(WorkerMain.run(rest));
      case "jmh" -> org.openjdk.jmh.Main.main(rest);
      case "kpi-fill" -> System.exit(dev.frontline.bench.kpi.KpiFill.run(rest));
      case "kpi-time" -> System.exit(dev.frontline.bench.kpi.KpiTime.run(rest));
      case "kpi-cost" -> System.exit(dev.frontline.bench.kpi.FactCost.run(rest));
      case "floor" -> System.exit(dev.frontline.bench.floor.FloorServer.run(rest));
      default -> {
        usage();
        System.exit(2);
      }
    }
  }

  private static void usage() {
    System.err.println("""
        usage: java -jar frontline-bench.jar load [options]     WebSocket load generator
               java -jar frontline-bench.jar jmh [JMH options]   JMH benchmarks (e.g. jmh -l)
               java -jar frontline-bench.jar kpi-fill|kpi-time|kpi-cost [options]   KPI benchmark (bench/kpi.sh)
               java -jar frontline-bench.jar floor [--port N]    a Netty server that only acks (0: ephemeral)
        """ + LoadOptions.HELP);
  }
}
