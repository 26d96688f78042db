import { appendFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Batches the server refused as invalid (400, 409, 413, 422) are kept in the
 * spool directory's `dead-letter.jsonl`, one line each with the answer, so an
 * operator can see what was lost and why instead of the collector resending
 * it forever.
 */
export function appendDeadLetter(dir: string, records: string[], info: { status: number; message: string }): void {
  const line = JSON.stringify({ at: new Date().toISOString(), status: info.status, message: info.message, samples: records.map((r) => JSON.parse(r) as unknown) });
  appendFileSync(path.join(dir, 'dead-letter.jsonl'), `${line}\n`, { mode: 0o600 });
}
