-- Knowledge base: versioned FAQ entries with review, synonyms, the unanswered-question log,
-- visitors' suggestions, self-service clicks and feedback. One SQL for SQLite and PostgreSQL (see
-- README.md beside this file); times are epoch ms. See docs/bot.md, "The knowledge base".

-- faq_entries (V1) becomes the head of each entry: its latest version's content and status,
-- plus which version is live (published_version, null when nothing is live) and counters.
ALTER TABLE faq_entries ADD COLUMN image_url VARCHAR(2048);
ALTER TABLE faq_entries ADD COLUMN tags_json VARCHAR(2000) DEFAULT '[]' NOT NULL;
ALTER TABLE faq_entries ADD COLUMN channels VARCHAR(200) DEFAULT '' NOT NULL;
ALTER TABLE faq_entries ADD COLUMN valid_from BIGINT;
ALTER TABLE faq_entries ADD COLUMN valid_until BIGINT;
ALTER TABLE faq_entries ADD COLUMN change_kind VARCHAR(16) DEFAULT 'create' NOT NULL;
ALTER TABLE faq_entries ADD COLUMN published_version INT;
ALTER TABLE faq_entries ADD COLUMN created_at BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE faq_entries ADD COLUMN clicks BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE faq_entries ADD COLUMN helpful BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE faq_entries ADD COLUMN unhelpful BIGINT DEFAULT 0 NOT NULL;
CREATE INDEX faq_entries_category ON faq_entries (category);
CREATE INDEX faq_entries_updated ON faq_entries (updated_at);

-- Every change of an entry, newest version highest. status: draft, review, published,
-- archived, deleted, superseded.
CREATE TABLE faq_versions (
  entry_id VARCHAR(64) NOT NULL,
  version INT NOT NULL,
  status VARCHAR(16) NOT NULL,
  change_kind VARCHAR(16) NOT NULL,
  question VARCHAR(1000) NOT NULL,
  similar_json VARCHAR(32000) NOT NULL,
  answer VARCHAR(8000) NOT NULL,
  image_url VARCHAR(2048),
  category VARCHAR(128) NOT NULL,
  tags_json VARCHAR(2000) NOT NULL,
  channels VARCHAR(200) NOT NULL,
  valid_from BIGINT,
  valid_until BIGINT,
  author_id BIGINT,
  author_name VARCHAR(128),
  created_at BIGINT NOT NULL,
  note VARCHAR(1000),
  PRIMARY KEY (entry_id, version)
);
CREATE INDEX faq_versions_status ON faq_versions (entry_id, status);

-- Entries written before this migration become version rows of their own.
INSERT INTO faq_versions (entry_id, version, status, change_kind, question, similar_json, answer, image_url,
  category, tags_json, channels, valid_from, valid_until, author_id, author_name, created_at, note)
  SELECT id, version, status, 'create', question, similar_json, answer, NULL, category, '[]', '', NULL, NULL,
    NULL, updated_by, updated_at, NULL FROM faq_entries;
UPDATE faq_entries SET published_version = version WHERE status = 'published';
UPDATE faq_entries SET created_at = updated_at;

-- Synonym sets (terms_json: ["流量","数据流量"]); a change raises version, a delete sets deleted.
CREATE TABLE faq_synonyms (
  id ${id},
  terms_json VARCHAR(2000) NOT NULL,
  version INT NOT NULL,
  deleted BOOLEAN DEFAULT FALSE NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by VARCHAR(128)
);

-- Questions the bot handed off or was unsure of in chat; nothing about the visitor.
CREATE TABLE faq_misses (
  id ${id},
  question VARCHAR(1000) NOT NULL,
  decision VARCHAR(16) NOT NULL,
  reason VARCHAR(32),
  faq_id VARCHAR(64),
  score DOUBLE PRECISION NOT NULL,
  ts BIGINT NOT NULL,
  resolved_at BIGINT,
  resolution VARCHAR(16),
  resolved_faq_id VARCHAR(64),
  resolved_by VARCHAR(128)
);
CREATE INDEX faq_misses_open ON faq_misses (resolved_at, ts);

-- Visitors' suggestions from the self-service panel. status: open, done, dismissed.
CREATE TABLE faq_suggestions (
  id ${id},
  text VARCHAR(4000) NOT NULL,
  contact VARCHAR(1000),
  created_at BIGINT NOT NULL,
  status VARCHAR(16) NOT NULL,
  handled_at BIGINT,
  handled_by VARCHAR(128),
  note VARCHAR(1000)
);
CREATE INDEX faq_suggestions_status ON faq_suggestions (status, created_at);
