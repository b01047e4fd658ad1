-- Visitor trajectories: visits, privacy choice, proactive rules and their firings, export audit.

ALTER TABLE visitors ADD COLUMN visits INT NOT NULL DEFAULT 1;
ALTER TABLE visitors ADD COLUMN tracking_opt_out BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE visitors ADD COLUMN last_channel VARCHAR(16);

CREATE TABLE proactive_rules (
  id VARCHAR(40) PRIMARY KEY,
  name VARCHAR(128) NOT NULL,
  enabled BOOLEAN NOT NULL,
  priority INT NOT NULL,
  conditions VARCHAR(8000) NOT NULL,
  action VARCHAR(8000) NOT NULL,
  created_by VARCHAR(64),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE rule_fires (
  rule_id VARCHAR(40) NOT NULL,
  visitor_id VARCHAR(40) NOT NULL,
  day_index INT NOT NULL,
  fired_at BIGINT NOT NULL,
  PRIMARY KEY (rule_id, visitor_id, day_index)
);

CREATE TABLE audit_log (
  id ${id},
  user_id BIGINT,
  username VARCHAR(64),
  action VARCHAR(64) NOT NULL,
  details VARCHAR(4000),
  ts BIGINT NOT NULL
);
CREATE INDEX audit_log_ts ON audit_log (ts);
