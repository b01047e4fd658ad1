-- The leader of each cluster (CONTRACT section 10, decision 0011). The process holding the
-- cluster's advisory lock bumps epoch when it takes over; every journal transaction of the
-- leader reads its row FOR SHARE and refuses to commit when epoch is no longer its own, so a
-- leader that lost its lock without noticing can no longer write (fencing). Unused on the
-- embedded database, which serves one process.
CREATE TABLE cluster_leader (
  cluster VARCHAR(64) PRIMARY KEY,
  epoch BIGINT NOT NULL,
  node VARCHAR(64) NOT NULL,
  address VARCHAR(255) NOT NULL,
  since BIGINT NOT NULL
);
