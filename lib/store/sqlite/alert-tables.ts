import 'server-only';

/**
 * The alert store's tables. `CREATE ... IF NOT EXISTS` is also the migration:
 * a database made before alerting gets them on its next start. Records are
 * their JSON (read back through the schemas); the columns beside it are what
 * queries filter and order on.
 */
export const ALERT_SCHEMA = `
CREATE TABLE IF NOT EXISTS alert_rules (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS alert_channels (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS alert_windows (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS alert_silences (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS alert_states (
  rule_id TEXT NOT NULL,
  host_id TEXT NOT NULL,
  entity TEXT NOT NULL,
  version INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (rule_id, host_id, entity)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS alert_states_host ON alert_states (host_id);
CREATE TABLE IF NOT EXISTS alert_events (
  id TEXT PRIMARY KEY,
  at INTEGER NOT NULL,
  host_id TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  severity TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alert_events_at ON alert_events (at, id);
CREATE INDEX IF NOT EXISTS alert_events_host ON alert_events (host_id, at);
CREATE INDEX IF NOT EXISTS alert_events_rule ON alert_events (rule_id, at);
-- ready_at: when a queued delivery may be claimed, the later of due_at and lease_until; finished_at: when it was sent or failed.
CREATE TABLE IF NOT EXISTS alert_deliveries (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  lease_until INTEGER,
  ready_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX IF NOT EXISTS alert_deliveries_queue ON alert_deliveries (ready_at, id) WHERE status = 'queued';
CREATE INDEX IF NOT EXISTS alert_deliveries_done ON alert_deliveries (finished_at, id) WHERE status <> 'queued';
CREATE TABLE IF NOT EXISTS alert_delivery_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  channel_id TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alert_delivery_log_channel ON alert_delivery_log (channel_id, seq);
CREATE TABLE IF NOT EXISTS alert_leases (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  until INTEGER NOT NULL
);
`;
