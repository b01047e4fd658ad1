package dev.frontline.bench.load;

import dev.frontline.bench.SuppressForbidden;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * A worker process: {@code load-worker --index I <load options>}. Talks to the coordinator in
 * lines: prints {@code @ready {counts}} once connected, reads {@code go <epoch ms>}, prints
 * {@code @result {json}} at the end. Progress goes to stderr.
 */
@SuppressForbidden
public final class WorkerMain {
  private WorkerMain() {}

  public static int run(String[] args) throws Exception {
    if (args.length < 2 || !"--index".equals(args[0])) {
      System.err.println("usage: load-worker --index I <load options>");
      return 2;
    }
    int index = Integer.parseInt(args[1]);
    LoadOptions options = LoadOptions.parse(Arrays.copyOfRange(args, 2, args.length));
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    String tag = "[worker " + index + " " + options.sourceBase() + "] ";
    try (Worker w = new Worker(options, index, line -> System.err.println(tag + line))) {
      Map<String, Long> ready = w.connectAll();
      out.println("@ready " + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(ready));
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line = in.readLine();
      if (line == null || !line.startsWith("go ")) {
        System.err.println(tag + "no go from the coordinator; stopping");
        return 1;
      }
      WorkerResult r = w.run(Long.parseLong(line.substring(3).trim()));
      out.println("@result " + r.toJson());
      // Keep the sockets open until the coordinator says close (or goes away): it may still be
      // looking at what the server does with what was sent.
      in.readLine();
    }
    return 0;
  }
}
