package dev.frontline.server.conversation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the calling thread a higher Linux nice value (a lower share of a busy CPU). Java's
 * thread priorities do nothing on Linux without extra JVM flags, so the thread finds its own
 * id in {@code /proc/thread-self} and asks {@code renice}. Anywhere else, or when that fails,
 * the thread keeps its priority and a warning is logged.
 */
final class BotThreadNice {
  private static final Logger log = LoggerFactory.getLogger(BotThreadNice.class);

  private BotThreadNice() {}

  static void apply(int nice) {
    try {
      // "<pid>/task/<tid>"
      String link = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
      String tid = link.substring(link.lastIndexOf('/') + 1);
      Process p = new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", tid)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroy();
        log.warn("event=bot.nice_failed thread={} reason=renice_failed", Thread.currentThread().getName());
        return;
      }
      log.info("event=bot.nice thread={} tid={} nice={}", Thread.currentThread().getName(), tid, nice);
    } catch (IOException | RuntimeException e) {
      log.warn("event=bot.nice_failed thread={} reason={}", Thread.currentThread().getName(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
