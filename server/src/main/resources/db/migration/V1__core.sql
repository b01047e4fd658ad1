-- Core schema: accounts, groups, menu, visitors, conversations, messages, trail, FAQ.
-- One SQL for SQLite and PostgreSQL; the conventions are in README.md beside this file.

CREATE TABLE users (
  id ${id},
  username VARCHAR(64) NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  display_name VARCHAR(128) NOT NULL,
  roles VARCHAR(128) NOT NULL,
  max_chats INT NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT FALSE,
  created_at BIGINT NOT NULL,
  CONSTRAINT users_username UNIQUE (username)
);

CREATE TABLE skill_groups (
  id VARCHAR(64) PRIMARY KEY,
  name VARCHAR(128) NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE user_groups (
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  group_id VARCHAR(64) NOT NULL REFERENCES skill_groups (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, group_id)
);

CREATE TABLE auth_sessions (
  token_hash VARCHAR(64) PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX auth_sessions_user ON auth_sessions (user_id);

CREATE TABLE menu_items (
  id VARCHAR(64) PRIMARY KEY,
  label VARCHAR(128) NOT NULL,
  label_en VARCHAR(128),
  position INT NOT NULL,
  group_id VARCHAR(64),
  faq_category VARCHAR(128),
  direct_to_person BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE settings (
  name VARCHAR(64) PRIMARY KEY,
  setting_value VARCHAR(4000) NOT NULL
);

CREATE TABLE visitors (
  id VARCHAR(40) PRIMARY KEY,
  customer_id VARCHAR(128),
  display_name VARCHAR(128),
  attrs VARCHAR(4000),
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  CONSTRAINT visitors_customer UNIQUE (customer_id)
);

CREATE TABLE visitor_tokens (
  token_hash VARCHAR(64) PRIMARY KEY,
  visitor_id VARCHAR(40) NOT NULL REFERENCES visitors (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL
);
CREATE INDEX visitor_tokens_visitor ON visitor_tokens (visitor_id);

CREATE TABLE conversations (
  id VARCHAR(40) PRIMARY KEY,
  visitor_id VARCHAR(40) NOT NULL REFERENCES visitors (id),
  state VARCHAR(16) NOT NULL,
  channel VARCHAR(16) NOT NULL,
  group_id VARCHAR(64),
  agent_id BIGINT,
  menu_id VARCHAR(64),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  handoff_at BIGINT,
  queued_at BIGINT,
  assigned_at BIGINT,
  first_response_at BIGINT,
  closed_at BIGINT,
  closed_by VARCHAR(16),
  rating INT,
  rating_comment VARCHAR(1000),
  rated_at BIGINT
);
CREATE INDEX conversations_visitor ON conversations (visitor_id, created_at);
CREATE INDEX conversations_state ON conversations (state);
CREATE INDEX conversations_created ON conversations (created_at);

CREATE TABLE messages (
  conversation_id VARCHAR(40) NOT NULL REFERENCES conversations (id),
  seq INT NOT NULL,
  sender VARCHAR(8) NOT NULL,
  author_id BIGINT,
  author_name VARCHAR(128),
  text VARCHAR(8000) NOT NULL,
  ts BIGINT NOT NULL,
  client_id VARCHAR(64),
  faq_id VARCHAR(64),
  extra VARCHAR(16000),
  PRIMARY KEY (conversation_id, seq)
);

CREATE TABLE conversation_notes (
  id ${id},
  conversation_id VARCHAR(40) NOT NULL REFERENCES conversations (id),
  kind VARCHAR(16) NOT NULL,
  author_id BIGINT,
  author_name VARCHAR(128),
  text VARCHAR(8000) NOT NULL,
  ts BIGINT NOT NULL
);
CREATE INDEX conversation_notes_conv ON conversation_notes (conversation_id, ts);

CREATE TABLE visitor_events (
  id ${id},
  visitor_id VARCHAR(40) NOT NULL,
  event VARCHAR(40) NOT NULL,
  ts BIGINT NOT NULL,
  conversation_id VARCHAR(40),
  data VARCHAR(8000)
);
CREATE INDEX visitor_events_visitor ON visitor_events (visitor_id, ts);
CREATE INDEX visitor_events_ts ON visitor_events (ts);

CREATE TABLE faq_entries (
  id VARCHAR(64) PRIMARY KEY,
  question VARCHAR(1000) NOT NULL,
  similar_json VARCHAR(32000) NOT NULL,
  answer VARCHAR(8000) NOT NULL,
  category VARCHAR(128) NOT NULL,
  status VARCHAR(16) NOT NULL,
  version INT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by VARCHAR(64)
);
CREATE INDEX faq_entries_status ON faq_entries (status);
