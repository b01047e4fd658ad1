package dev.frontline.server.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A check every journal transaction runs first, inside the transaction: in a cluster, that this
 * process still leads (decision 0011). A transaction that fails it commits nothing.
 */
@FunctionalInterface
public interface Fence {
  /** SQLState of the refusal: not a transient failure, so the journal does not retry it. */
  String FENCED = "FL001";

  Fence NONE = c -> {};

  /** Throws {@link SQLException} with state {@link #FENCED} when this process may no longer write. */
  void check(Connection c) throws SQLException;
}
