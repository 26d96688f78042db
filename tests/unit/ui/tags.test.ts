import { describe, expect, it } from 'vitest';
import { parseTagInput } from '@/lib/ui/tags';

describe('parseTagInput', () => {
  it('splits on commas, spaces and both, dropping empty pieces', () => {
    expect(parseTagInput('prod, eu-west')).toEqual(['prod', 'eu-west']);
    expect(parseTagInput('prod eu-west,db')).toEqual(['prod', 'eu-west', 'db']);
    expect(parseTagInput(' ,prod,,  db , ')).toEqual(['prod', 'db']);
  });

  it('gives no tags for an empty or blank field', () => {
    expect(parseTagInput('')).toEqual([]);
    expect(parseTagInput('  , \t\n ')).toEqual([]);
  });

  it('keeps characters other than separators inside a tag, and repeats (the server removes them)', () => {
    expect(parseTagInput('env=prod zone:a/b prod prod')).toEqual(['env=prod', 'zone:a/b', 'prod', 'prod']);
  });
});
