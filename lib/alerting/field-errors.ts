import 'server-only';
import { InvalidInput } from '@/lib/errors';

/** Refusals of alerting input: a 400 naming each bad field, the shape lib/http/parse.ts gives schema failures. */

export interface FieldError {
  path: string;
  message: string;
}

export function invalidFields(errors: readonly FieldError[], code = 'invalid_body'): InvalidInput {
  return new InvalidInput(code, errors.map((e) => `${e.path} ${e.message}`).join('; '), errors);
}

export const invalidField = (path: string, message: string) => invalidFields([{ path, message }]);

/** Ids in messages are cut short and quoted: an id may come from a path segment. */
export const quoteId = (id: string) => JSON.stringify(id.slice(0, 64));
