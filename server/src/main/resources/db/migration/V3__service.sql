-- Human service: work orders (leave a message), group queue rules, canned responses, files.

CREATE TABLE tickets (
  id VARCHAR(40) PRIMARY KEY,
  visitor_id VARCHAR(40) NOT NULL,
  conversation_id VARCHAR(40),
  group_id VARCHAR(64),
  kind VARCHAR(32) NOT NULL,
  status VARCHAR(16) NOT NULL,
  text VARCHAR(8000) NOT NULL,
  contact_name VARCHAR(128),
  contact_phone VARCHAR(64),
  contact_email VARCHAR(254),
  assignee_id BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX tickets_status ON tickets (status, created_at);
CREATE INDEX tickets_visitor ON tickets (visitor_id, created_at);

CREATE TABLE ticket_notes (
  id ${id},
  ticket_id VARCHAR(40) NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  author_id BIGINT,
  author_name VARCHAR(128),
  text VARCHAR(4000) NOT NULL,
  status_from VARCHAR(16),
  status_to VARCHAR(16),
  ts BIGINT NOT NULL
);
CREATE INDEX ticket_notes_ticket ON ticket_notes (ticket_id, ts);

CREATE TABLE group_rules (
  group_id VARCHAR(64) PRIMARY KEY REFERENCES skill_groups (id) ON DELETE CASCADE,
  overflow_group VARCHAR(64),
  overflow_after_seconds INT,
  max_wait_seconds INT
);

CREATE TABLE canned_responses (
  id ${id},
  owner_id BIGINT,
  shortcut VARCHAR(32) NOT NULL,
  title VARCHAR(128) NOT NULL,
  text VARCHAR(4000) NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX canned_owner ON canned_responses (owner_id);

CREATE TABLE files (
  id VARCHAR(40) PRIMARY KEY,
  conversation_id VARCHAR(40) NOT NULL,
  uploader VARCHAR(8) NOT NULL,
  uploader_id VARCHAR(40),
  name VARCHAR(255) NOT NULL,
  content_type VARCHAR(128) NOT NULL,
  size_bytes BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX files_conv ON files (conversation_id);

-- Figures: where a conversation was when it closed, and why it went to a person.
ALTER TABLE conversations ADD COLUMN closed_from VARCHAR(16);
ALTER TABLE conversations ADD COLUMN handoff_reason VARCHAR(32);
