-- Figures (docs/kpis.md): agents' online and busy time for a period is read from an index that
-- holds every column the query needs, so a month (about 64 rows per agent and working day) is
-- one range of the index and no look-up of the table's rows. It replaces agent_time_started,
-- whose column it starts with. Measured in docs/performance.md ("KPI queries over 1,000,000
-- conversations").
CREATE INDEX agent_time_span ON agent_time (started_at, ended_at, agent_id, kind);
DROP INDEX agent_time_started;
