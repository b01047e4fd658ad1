package dev.frontline.server.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.frontline.server.store.Journal.Write;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkClockTest {
  private static final long Q = WorkClock.SLOT_MS;
  private final List<Write> writes = new ArrayList<>();
  private final WorkClock clock = new WorkClock(writes::addAll);

  /** The writes as "verb start..end" lines (insert: its start; update: the row's start and new end). */
  private List<String> log() {
    List<String> out = new ArrayList<>();
    for (Write w : writes) {
      Object[] p = w.params();
      String verb = w.sql().substring(0, w.sql().indexOf(' '));
      out.add(switch (verb) {
        case "INSERT" -> "insert " + p[1] + " " + p[2];
        case "UPDATE" -> "update " + p[2] + " " + p[3] + ".." + p[0];
        default -> "delete " + p[1] + " " + p[2];
      });
    }
    writes.clear();
    return out;
  }

  @Test
  void onlineAcrossAQuarterHour_isCutThere_andBusyOnlyWhileOnline() {
    clock.presence(7, true, false, 10 * Q - 60_000);
    assertEquals(List.of("insert online " + (10 * Q - 60_000)), log());
    clock.presence(7, true, true, 10 * Q + 60_000);
    assertEquals(List.of("insert busy " + (10 * Q + 60_000)), log(), "the online row is cut when next written");
    clock.presence(7, false, true, 10 * Q + 120_000);
    assertEquals(List.of("update online " + (10 * Q - 60_000) + ".." + 10 * Q, "insert online " + 10 * Q,
        "update online " + 10 * Q + ".." + (10 * Q + 120_000),
        "update busy " + (10 * Q + 60_000) + ".." + (10 * Q + 120_000)), log());
    assertEquals(0, clock.openCount(), "away with a chat is neither online nor busy");
  }

  @Test
  void tick_movesTheEndEvery30Seconds_andNothingInBetween() {
    clock.presence(1, true, false, 1_000);
    log();
    clock.tick(20_000);
    assertEquals(List.of(), log());
    clock.tick(31_000);
    assertEquals(List.of("update online 1000..31000"), log());
    clock.presence(1, true, false, 40_000);
    assertEquals(List.of(), log(), "no change, no write");
  }

  @Test
  void stateTurningBackWithinTheSameMillisecond_leavesNoEmptyRow() {
    clock.presence(1, true, false, 5_000);
    clock.presence(1, false, false, 5_000);
    assertEquals(List.of("insert online 5000", "update online 5000..5000", "delete online 5000"), log());
    clock.presence(1, true, false, 5_000);
    assertEquals(List.of("insert online 5000"), log());
  }
}
