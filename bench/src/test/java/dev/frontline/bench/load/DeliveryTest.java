package dev.frontline.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class DeliveryTest {
  private static final long MS = 1_000_000L;

  @Test
  void clientId_carriesTheDueInstant_evenANegativeOne() {
    assertEquals(123_456_789L, Delivery.dueOf(Delivery.clientId(7, 123_456_789L)));
    assertEquals(-42L, Delivery.dueOf(Delivery.clientId(0, -42L)));
    assertEquals(Long.MIN_VALUE, Delivery.dueOf("b0-1-2"));
    assertEquals(Long.MIN_VALUE, Delivery.dueOf("dx-12"));
    assertEquals(Long.MIN_VALUE, Delivery.dueOf(null));
  }

  @Test
  void delivered_isTimedFromTheDueInstant_notFromTheWrite() {
    Delivery d = new Delivery(0, 1_000 * MS);
    long due = 100 * MS;
    d.sent(due, due + 30 * MS); // the client wrote it 30 ms late: that lateness counts
    d.delivered(Delivery.clientId(3, due), due + 32 * MS);
    Histogram h = d.deliverLatency();
    assertEquals(1, h.getTotalCount());
    assertEquals(32_000, h.getMaxValue(), 32);
    assertEquals(30_000, d.sendLag().getMaxValue(), 30);
  }

  @Test
  void delivered_countsEachClientIdOnce_andMeasuresOnlyTheWindow() {
    Delivery d = new Delivery(1_000 * MS, 2_000 * MS);
    String warm = Delivery.clientId(1, 500 * MS);
    String measured = Delivery.clientId(2, 1_500 * MS);
    d.sent(500 * MS, 500 * MS);
    d.sent(1_500 * MS, 1_500 * MS);
    d.delivered(warm, 501 * MS);
    d.delivered(measured, 1_501 * MS);
    d.delivered(measured, 1_900 * MS);
    d.delivered("a1", 1_600 * MS);
    assertEquals(2, d.sent());
    assertEquals(1, d.sentMeasured());
    assertEquals(2, d.delivered());
    assertEquals(1, d.deliveredMeasured());
    assertEquals(1, d.duplicates());
    assertEquals(1, d.foreign());
    assertEquals(1, d.deliverLatency().getTotalCount());
    assertEquals(1_000, d.deliverLatency().getMaxValue(), 1);
  }

  @Test
  void dueAt_isAnOpenLoopSchedule() {
    assertEquals(5 * MS, Delivery.dueAt(5 * MS, 1_000, 0));
    assertEquals(5 * MS + 1_000 * MS, Delivery.dueAt(5 * MS, 1_000, 1_000));
    assertEquals(5 * MS + 1_500_000L, Delivery.dueAt(5 * MS, 2_000, 3));
  }
}
