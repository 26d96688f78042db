import 'server-only';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { authSecret } from './secret';

/**
 * Seals the TOTP secrets at rest. The server must read a secret back to check
 * a code (unlike a password, it cannot be hashed), so it is encrypted with
 * AES-256-GCM under a key derived by HKDF-SHA256 from the server secret
 * (NEXTAUTH_SECRET, secret.ts). A copy of the store alone does not reveal
 * the secrets; the store and the server secret together do. The user id is
 * bound in as associated data, so a sealed secret copied onto another user
 * does not open. Changing NEXTAUTH_SECRET makes every stored secret
 * unreadable: those users' codes stop working until an admin resets their
 * two-factor (docs/CONFIG.md says so).
 */
const VERSION = 'v1';

function keyFor(serverSecret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', serverSecret, 'hostwatch', purpose, 32));
}

/** The sealing key and the recovery-code key are separate derivations of one server secret. */
export const derivedKey = (purpose: 'totp-secret v1' | 'recovery-code v1', serverSecret: string = authSecret()) => keyFor(serverSecret, purpose);

export function sealSecret(plain: string, userId: string, serverSecret: string = authSecret()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derivedKey('totp-secret v1', serverSecret), iv);
  cipher.setAAD(Buffer.from(userId));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** The plain secret, or null when the text is not ours, was changed, belongs to another user or was sealed under another server secret. */
export function openSecret(sealed: string, userId: string, serverSecret: string = authSecret()): string | null {
  const [version, iv, body, tag, ...rest] = sealed.split('.');
  if (version !== VERSION || !iv || !body || !tag || rest.length > 0) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', derivedKey('totp-secret v1', serverSecret), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(userId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
