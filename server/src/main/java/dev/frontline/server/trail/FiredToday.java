package dev.frontline.server.trail;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;

/**
 * The rules already shown to one visitor today, for "at most once per rule per visitor per day".
 * A day is a calendar day in the server's zone; a new day starts empty. Confined to the visitor's
 * owner thread.
 */
public final class FiredToday {
  private int day = -1;
  private Set<String> ids = Set.of();

  /** The day number (epoch day in {@code zone}) of {@code clock}'s now. */
  public static int day(Clock clock, ZoneId zone) {
    return (int) LocalDate.ofInstant(clock.instant(), zone).toEpochDay();
  }

  /** Starts {@code day} with the rules that fired on it already (read back from storage). */
  public void restore(int day, Set<String> fired) {
    this.day = day;
    this.ids = Set.copyOf(fired);
  }

  /** The rules fired on {@code day}: empty when the day has changed since the last call. */
  public Set<String> on(int day) {
    if (day != this.day) {
      this.day = day;
      this.ids = Set.of();
    }
    return ids;
  }

  /** Records that {@code ruleId} fired on {@code day}. */
  public void add(int day, String ruleId) {
    on(day);
    if (!(ids instanceof HashSet<String>)) {
      ids = new HashSet<>(ids);
    }
    ids.add(ruleId);
  }
}
