-- Hardening: what a customer's own site vouches for, and an index for the upload limits.

-- Name and attributes of a customer set by the host site's server (PUT /api/customers/{id}/profile),
-- signed with the site secret or sent by an admin: shown to agents as verified, unlike the
-- name and attrs a page passes in the widget's identity (visitors.display_name, visitors.attrs).
CREATE TABLE customer_profiles (
  customer_id VARCHAR(128) PRIMARY KEY,
  display_name VARCHAR(128),
  attrs VARCHAR(4000),
  updated_at BIGINT NOT NULL
);

-- Upload limits count an uploader's files of the last minute and day.
CREATE INDEX files_uploader ON files (uploader_id, created_at);
