package dev.frontline.server.stats;

/**
 * The period [from, to) in epoch ms and the filters of a figures request; a null group or agent
 * selects all.
 */
public record KpiFilter(long from, long to, String group, Long agent) {
  public KpiFilter {
    if (from > to) {
      throw new IllegalArgumentException("from is after to");
    }
  }
}
