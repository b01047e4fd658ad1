package dev.frontline.server.routing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One group's queue, in order, that knows each member's position without walking it: members sit
 * in slots of an array (the head slot first; slots of members who left stay empty until the next
 * compaction), and a Fenwick tree over the slots counts the members up to any slot, so a
 * position costs O(log n). Adding at either end, taking the head and removing any member cost
 * O(log n) too (amortised: the array is compacted, and grown or shrunk, when an end runs out of
 * room); joining in the middle ({@link #insertByAge}, overflow only) compacts, O(n).
 *
 * <p>Confined to the dispatcher thread. Whenever members already waiting may have changed
 * position (the head left, someone left from the middle, someone joined in front), {@link #moves}
 * goes up and the queue is handed to {@code moved}; joining at the end moves nobody.
 */
final class GroupQueue {
  final String group;
  /** Counts the changes that may have moved members already waiting. */
  long moves;
  /** Members with no update window open (see {@link PositionReporter}): the next change is told to them at once. */
  final Set<Waiting> idle = new LinkedHashSet<>();

  private final Consumer<GroupQueue> moved;
  private Waiting[] slots = new Waiting[0];
  /** Fenwick tree over {@link #slots} (1-based): {@code tree[x]} counts the members of a range of slots ending at x - 1. */
  private int[] tree = new int[1];
  /** Every slot below head is empty; every slot from tail on is empty. */
  private int head;
  private int tail;
  private int size;

  GroupQueue(String group, Consumer<GroupQueue> moved) {
    this.group = group;
    this.moved = moved;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The next to be served, or null. */
  Waiting peekFirst() {
    while (head < tail && slots[head] == null) {
      head++;
    }
    return head < tail ? slots[head] : null;
  }

  /** Takes the next to be served; null when empty. */
  Waiting pollFirst() {
    Waiting w = peekFirst();
    if (w != null) {
      remove(w);
    }
    return w;
  }

  /** Joins at the end: nobody else moves. */
  void addLast(Waiting w) {
    if (tail == slots.length) {
      layout(members());
    }
    place(w, tail++);
  }

  /** Joins at the head: everyone else moves back by one. */
  void addFirst(Waiting w) {
    if (head == 0) {
      layout(members());
    }
    place(w, --head);
    changed();
  }

  /**
   * Joins in the order of first asking: in front of the first member who asked later than it
   * ({@link Waiting#enqueuedAt}), else at the end.
   */
  void insertByAge(Waiting w) {
    List<Waiting> order = members();
    int i = 0;
    while (i < order.size() && order.get(i).enqueuedAt <= w.enqueuedAt) {
      i++;
    }
    if (i == order.size()) {
      addLast(w);
      return;
    }
    order.add(i, w);
    layout(order);
    joined(w);
    changed();
  }

  /** Leaves the queue; those behind move up by one. */
  void remove(Waiting w) {
    if (w.queue != this) {
      throw new IllegalArgumentException("conversation " + w.conversationId + " is not in queue " + group);
    }
    int s = w.slot;
    slots[s] = null;
    add(s, -1);
    size--;
    w.queue = null;
    w.slot = -1;
    idle.remove(w);
    while (tail > head && slots[tail - 1] == null) {
      tail--;
    }
    if (s < tail) {
      changed();
    }
  }

  /** 1 = next; the member must be in this queue. */
  int position(Waiting w) {
    if (w.queue != this) {
      throw new IllegalArgumentException("conversation " + w.conversationId + " is not in queue " + group);
    }
    int n = 0;
    for (int x = w.slot + 1; x > 0; x -= x & -x) {
      n += tree[x];
    }
    return n;
  }

  /** The members in order (a copy: safe to change the queue while going through it). */
  List<Waiting> members() {
    List<Waiting> out = new ArrayList<>(size);
    for (int i = head; i < tail; i++) {
      if (slots[i] != null) {
        out.add(slots[i]);
      }
    }
    return out;
  }

  private void place(Waiting w, int s) {
    slots[s] = w;
    w.slot = s;
    add(s, 1);
    size++;
    joined(w);
  }

  private void joined(Waiting w) {
    w.queue = this;
    if (w.windowEnd == 0) {
      idle.add(w);
    }
  }

  private void changed() {
    moves++;
    moved.accept(this);
  }

  private void add(int slot, int delta) {
    for (int x = slot + 1; x < tree.length; x += x & -x) {
      tree[x] += delta;
    }
  }

  /** Lays {@code order} out again with room at both ends (a quarter of the spare slots in front). */
  private void layout(List<Waiting> order) {
    int n = order.size();
    int capacity = 2 * n + 16;
    int front = (capacity - n) / 4;
    slots = new Waiting[capacity];
    tree = new int[capacity + 1];
    for (int i = 0; i < n; i++) {
      Waiting w = order.get(i);
      slots[front + i] = w;
      w.slot = front + i;
      tree[front + i + 1] = 1;
    }
    for (int x = 1; x <= capacity; x++) {
      int parent = x + (x & -x);
      if (parent <= capacity) {
        tree[parent] += tree[x];
      }
    }
    head = front;
    tail = front + n;
    size = n;
  }
}
