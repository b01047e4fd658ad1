package dev.frontline.bench.kpi;

import java.util.List;

/**
 * The tables the generator fills, in the order a chunk is written (a row's foreign keys are
 * written before it), with the columns the server's own INSERTs name.
 */
enum Table {
  VISITORS("visitors", "id, customer_id, display_name, attrs, created_at, last_seen_at, visits, tracking_opt_out,"
      + " last_channel"),
  VISITOR_TOKENS("visitor_tokens", "token_hash, visitor_id, created_at"),
  CONVERSATIONS("conversations", "id, visitor_id, state, channel, group_id, agent_id, menu_id, created_at, updated_at,"
      + " handoff_at, queued_at, assigned_at, first_response_at, closed_at, closed_by, rating, rating_comment,"
      + " rated_at, closed_from, handoff_reason, first_visitor_at, ticket_at, first_assigned_at, followup_at"),
  MESSAGES("messages", "conversation_id, seq, sender, author_id, author_name, text, ts, client_id, faq_id, extra"),
  CONVERSATION_NOTES("conversation_notes", "conversation_id, kind, author_id, author_name, text, ts"),
  TICKETS("tickets", "id, visitor_id, conversation_id, group_id, kind, status, text, contact_name, contact_phone,"
      + " contact_email, assignee_id, created_at, updated_at"),
  VISITOR_EVENTS("visitor_events", "visitor_id, event, ts, conversation_id, data"),
  AGENT_TIME("agent_time", "agent_id, kind, started_at, ended_at");

  final String sqlName;
  final String columns;
  final int width;

  Table(String sqlName, String columns) {
    this.sqlName = sqlName;
    this.columns = columns;
    this.width = List.of(columns.split(",")).size();
  }
}
