-- The embedded database's write-ahead logs: the last batch of each journal the database holds.
CREATE TABLE journal_marks (
  name VARCHAR(32) PRIMARY KEY,
  last_batch BIGINT NOT NULL
);
