import { healthCounters, LATENCY_BUCKETS } from './health-metrics';
import { PREFIX } from './names';
import { Family } from './text-format';

/**
 * The server's own health as metric families, from this process's counters
 * (health-metrics.ts) and what the scrape itself measured. Pure.
 */

export interface ScrapeFacts {
  /** How long `store.ping()` took during this scrape, or null when it failed. */
  storeRoundTripSeconds: number | null;
  hostsOmitted: number;
  hostsUnreadable: number;
  /** Remote write's queue now, when it is configured. */
  remoteWrite: { queued: number; capacity: number } | null;
  version: string;
}

const S = `${PREFIX}server_`;

export function exposeSelf(facts: ScrapeFacts): Family[] {
  const c = healthCounters();
  const info = new Family(`${S}info`, 'gauge', 'Always 1; the labels say which Hostwatch this is.');
  info.add([['version', facts.version]], 1);

  const requests = new Family(`${S}ingest_requests_total`, 'counter', 'Collector POSTs this process answered, by outcome (accepted: 2xx, refused: 4xx, failed: 5xx).');
  for (const [outcome, n] of Object.entries(c.ingestRequests)) requests.add([['outcome', outcome]], n);

  const latency = new Family(`${S}ingest_duration_seconds`, 'histogram', 'Time from a collector POST arriving to its answer.');
  let cumulative = 0;
  LATENCY_BUCKETS.forEach((le, i) => {
    cumulative += c.ingestSeconds.counts[i]!;
    latency.add([['le', String(le)]], cumulative, '_bucket');
  });
  latency.add([['le', '+Inf']], c.ingestSeconds.count, '_bucket');
  latency.add([], c.ingestSeconds.sum, '_sum');
  latency.add([], c.ingestSeconds.count, '_count');

  const samples = new Family(`${S}ingest_samples_total`, 'counter', 'Samples stored for the first time.');
  samples.add([], c.ingestSamples);

  const store = new Family(`${S}store_up`, 'gauge', '1 when the store answered this scrape\'s ping, else 0.');
  store.add([], facts.storeRoundTripSeconds === null ? 0 : 1);
  const rtt = new Family(`${S}store_round_trip_seconds`, 'gauge', "How long this scrape's store ping took.");
  if (facts.storeRoundTripSeconds !== null) rtt.add([], facts.storeRoundTripSeconds);

  const evaluations = new Family(`${S}alert_evaluations_total`, 'counter', 'Alert judgements run, by trigger (ingest: a batch of a host with rules in scope; tick: the periodic round).');
  for (const [trigger, n] of Object.entries(c.alertEvaluations)) evaluations.add([['trigger', trigger]], n);

  const notifications = new Family(`${S}notifications_total`, 'counter', 'Notification delivery attempts, by outcome (failed: given up or refused for good).');
  for (const [outcome, n] of Object.entries(c.notifications)) notifications.add([['outcome', outcome]], n);

  const omitted = new Family(`${S}prometheus_hosts_omitted`, 'gauge', 'Hosts left out of this scrape by the host or size cap.');
  omitted.add([], facts.hostsOmitted);
  const unreadable = new Family(`${S}prometheus_hosts_unreadable`, 'gauge', 'Hosts left out of this scrape because their stored state could not be read (the server log names them).');
  unreadable.add([], facts.hostsUnreadable);

  const families = [info, requests, latency, samples, store, rtt, evaluations, notifications, omitted, unreadable];
  if (facts.remoteWrite) {
    const rw = c.remoteWrite;
    const written = new Family(`${S}remote_write_samples_total`, 'counter', 'Samples handed to remote write, by outcome (dropped: the queue was full; rejected: the receiver refused them with a 4xx).');
    for (const [outcome, n] of Object.entries(rw.samples)) written.add([['outcome', outcome]], n);
    const retries = new Family(`${S}remote_write_retries_total`, 'counter', 'Remote-write requests retried after a 5xx, a 429 or a network error.');
    retries.add([], rw.retries);
    const queued = new Family(`${S}remote_write_queue_samples`, 'gauge', 'Samples waiting to be sent.');
    queued.add([], facts.remoteWrite.queued);
    const capacity = new Family(`${S}remote_write_queue_capacity_samples`, 'gauge', 'The most samples the queue holds before it drops.');
    capacity.add([], facts.remoteWrite.capacity);
    families.push(written, retries, queued, capacity);
  }
  return families;
}
