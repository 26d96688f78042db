import 'server-only';
import type Database from 'better-sqlite3';
import { StoreConflictError } from '../errors';
import type { UserIdentity, UserRecord } from '../types';

/**
 * Single sign-on identities on SQLite: a table of their own (provider, subject) → user, so the users table and its
 * statements stay as they are. The primary key makes an identity unique across users; deleting a user removes
 * theirs (ON DELETE CASCADE, with foreign keys on).
 */
export const IDENTITY_SCHEMA = `
CREATE TABLE IF NOT EXISTS user_identities (
  provider TEXT NOT NULL,
  subject TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  linked_at INTEGER NOT NULL,
  PRIMARY KEY (provider, subject)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS user_identities_user ON user_identities (user_id);
`;

type Row = { provider: string; subject: string; user_id: string; linked_at: number };

const toIdentity = (r: Row): UserIdentity => ({ provider: r.provider, subject: r.subject, linkedAt: r.linked_at });

export class SqliteIdentities {
  private readonly q;

  constructor(private readonly db: Database.Database) {
    this.q = {
      ofUser: db.prepare<[string], Row>('SELECT * FROM user_identities WHERE user_id = ? ORDER BY linked_at, provider, subject'),
      all: db.prepare<[], Row>('SELECT * FROM user_identities ORDER BY linked_at, provider, subject'),
      owner: db.prepare<[string, string], string>('SELECT user_id FROM user_identities WHERE provider = ? AND subject = ?').pluck(),
      insert: db.prepare('INSERT INTO user_identities (provider, subject, user_id, linked_at) VALUES (?, ?, ?, ?)'),
    };
  }

  /** The user with their identities (the field is absent when there are none, as on Redis). */
  attach(user: UserRecord | null): UserRecord | null {
    if (!user) return null;
    const identities = this.q.ofUser.all(user.id).map(toIdentity);
    return identities.length > 0 ? { ...user, identities } : user;
  }

  attachAll(users: UserRecord[]): UserRecord[] {
    const byUser = new Map<string, UserIdentity[]>();
    for (const row of this.q.all.all()) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), toIdentity(row)]);
    return users.map((u) => (byUser.has(u.id) ? { ...u, identities: byUser.get(u.id) } : u));
  }

  /** Inserts the user's identities; run inside the transaction that inserts the user. */
  insertFor(user: UserRecord): void {
    for (const i of user.identities ?? []) this.q.insert.run(i.provider, i.subject, user.id, i.linkedAt);
  }

  ownerOf(provider: string, subject: string): string | null {
    return this.q.owner.get(provider, subject) ?? null;
  }

  /** In one IMMEDIATE transaction, so the owner check and the insert see the same table. */
  link(userId: string, identity: UserIdentity, getUser: (id: string) => UserRecord | null): UserRecord | null {
    return this.db
      .transaction(() => {
        const user = getUser(userId);
        if (!user) return null;
        const owner = this.ownerOf(identity.provider, identity.subject);
        if (owner !== null && owner !== userId) throw new StoreConflictError(`identity ${identity.provider} is linked to another user`);
        if (owner === null) this.q.insert.run(identity.provider, identity.subject, userId, identity.linkedAt);
        return this.attach(user);
      })
      .immediate();
  }
}
