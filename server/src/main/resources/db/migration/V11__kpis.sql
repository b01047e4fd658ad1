-- Figures (docs/kpis.md): facts the KPI queries need, kept as events arrive, so that every
-- figure is one pass over the period's conversations with no joins; agents' online and busy
-- time as intervals cut at quarter hours. Portable SQL (PostgreSQL, H2, SQLite); times are epoch ms.

-- The first visitor message, a ticket left, the first assignment, and the creation time of the
-- visitor's next conversation that asked for a person (first-contact resolution).
ALTER TABLE conversations ADD COLUMN first_visitor_at BIGINT;
ALTER TABLE conversations ADD COLUMN ticket_at BIGINT;
ALTER TABLE conversations ADD COLUMN first_assigned_at BIGINT;
ALTER TABLE conversations ADD COLUMN followup_at BIGINT;
CREATE INDEX conversations_agent ON conversations (agent_id, created_at);
CREATE INDEX conversations_group ON conversations (group_id, created_at);
CREATE INDEX tickets_created ON tickets (created_at);

-- One row per agent, kind ('online': status online; 'busy': online with at least one chat) and
-- quarter hour: [started_at, ended_at) never crosses a multiple of 15 minutes since the epoch.
CREATE TABLE agent_time (
  agent_id BIGINT NOT NULL,
  kind VARCHAR(8) NOT NULL,
  started_at BIGINT NOT NULL,
  ended_at BIGINT NOT NULL
);
CREATE INDEX agent_time_started ON agent_time (started_at);
CREATE INDEX agent_time_agent ON agent_time (agent_id, started_at);
