import { readFileSync } from 'node:fs';
import path from 'node:path';

export const fixtureDir = path.resolve(import.meta.dirname, '../../fixtures/collector');
export const fixture = (name: string) => readFileSync(path.join(fixtureDir, name), 'utf8');
