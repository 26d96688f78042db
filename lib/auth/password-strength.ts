import 'server-only';
import { InvalidInput } from '@/lib/errors';
import { verifyPassword } from './password';

/**
 * Refuses the obviously weak password before it is hashed: one repeated
 * character, the account's email (or its name part), and whatever zxcvbn-ts
 * scores below 2 of 4 — the common-password lists, keyboard walks, years and
 * dates, "Password1!" and its kin. Length alone is password-rules.ts, which
 * the browser checks too; this list (2.5 MB) stays on the server and is loaded
 * on the first password set, not at start.
 */

/** zxcvbn's score: 0 too guessable, 1 very guessable, 2 somewhat guessable (≈10^8 guesses), 3 safely, 4 very. */
const MIN_SCORE = 2;
/** zxcvbn's matching grows with length; the first 64 characters are plenty to find a weak pattern and keep a check under a few ms. */
const ESTIMATE_CHARS = 64;

type Estimator = (password: string, userInputs: string[]) => { score: number; feedback: { warning: string | null } };
let estimator: Promise<Estimator> | null = null;

function loadEstimator(): Promise<Estimator> {
  estimator ??= (async () => {
    const [{ zxcvbn, zxcvbnOptions }, common] = await Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]);
    zxcvbnOptions.setOptions({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
    return (password, userInputs) => zxcvbn(password, userInputs) as ReturnType<Estimator>;
  })();
  return estimator;
}

/** zxcvbn's warning keys in words. */
const WARNINGS: Record<string, string> = {
  topTen: 'it is one of the ten most used passwords',
  topHundred: 'it is one of the hundred most used passwords',
  common: 'it is a commonly used password',
  similarToCommon: 'it is a small change to a commonly used password',
  wordByItself: 'a single word is easy to guess',
  namesByThemselves: 'names on their own are easy to guess',
  commonNames: 'common names are easy to guess',
  userInputs: 'it contains your email',
  straightRow: 'a row of keys is easy to guess',
  keyPattern: 'a keyboard pattern is easy to guess',
  simpleRepeat: 'repeated characters are easy to guess',
  extendedRepeat: 'repeated patterns are easy to guess',
  sequences: 'sequences like abc or 6543 are easy to guess',
  recentYears: 'recent years are easy to guess',
  dates: 'dates are easy to guess',
};

/** Why `password` is too weak for the account with `email`, or null. `field` names the form field in the message. */
export async function weakPasswordReason(password: string, email: string): Promise<string | null> {
  if (new Set(password).size <= 1) return 'must not be one character repeated';
  const lower = password.toLowerCase();
  const local = email.toLowerCase().split('@')[0] ?? '';
  if (lower === email.toLowerCase() || (local.length >= 4 && lower === local)) return 'must not be your email';
  const estimate = (await loadEstimator())(password.slice(0, ESTIMATE_CHARS), [email, local]);
  if (estimate.score >= MIN_SCORE) return null;
  const why = (estimate.feedback.warning && WARNINGS[estimate.feedback.warning]) || 'it is too easy to guess';
  return `is too easy to guess: ${why}; a few unrelated words or a longer phrase work well`;
}

/** Throws a 400 naming `field` when the password is weak. */
export async function assertStrongPassword(field: string, password: string, email: string): Promise<void> {
  const reason = await weakPasswordReason(password, email);
  if (reason) throw new InvalidInput('weak_password', `${field} ${reason}.`, [{ path: field, message: reason }]);
}

export function samePassword(field: string): InvalidInput {
  const message = 'must differ from the current password';
  return new InvalidInput('same_password', `${field} ${message}.`, [{ path: field, message }]);
}

/** Throws a 400 when an admin's reset sets the password it replaces (checked against the stored hash). */
export async function assertNewPasswordDiffers(field: string, password: string, storedHash: string): Promise<void> {
  if (await verifyPassword(password, storedHash)) throw samePassword(field);
}
