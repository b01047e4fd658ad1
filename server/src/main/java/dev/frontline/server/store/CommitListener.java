package dev.frontline.server.store;

/** Told of every group commit of a {@link Journal}; called on the journal's writer thread, so it must not block. */
@FunctionalInterface
public interface CommitListener {
  CommitListener NONE = (journal, writes, nanos) -> {};

  /**
   * A batch is durable.
   *
   * @param journal the journal's name ({@code chat}, {@code events})
   * @param writes the submissions the batch held
   * @param nanos how long the commit took (the log's append and force, or the database's commit)
   */
  void committed(String journal, int writes, long nanos);
}
