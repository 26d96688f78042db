import { describe, expect, it } from 'vitest';
import { fieldLabel, plainIssues } from '@/lib/ui/plain-issues';

/** The API's field problems as a form says them (lib/ui/plain-issues.ts): the issue's "tags.2 a tag may hold …". */
describe('plain field problems', () => {
  it('name the field in words, an entry of a list by its position and what was sent', () => {
    expect(plainIssues([{ path: 'tags.2', message: 'may hold only letters, digits and _ . : / = - (no spaces)', value: 'web server' }])).toBe(
      'Tag 3 (“web server”) may hold only letters, digits and _ . : / = - (no spaces).',
    );
    expect(plainIssues([{ path: 'tags', message: 'must be at most 20' }, { path: 'name', message: 'must not be empty', value: '' }])).toBe(
      'Tags must be at most 20. Name must not be empty.',
    );
    expect(plainIssues([{ path: 'newPassword', message: 'is too easy to guess: it is a commonly used password' }])).toBe(
      'New password is too easy to guess: it is a commonly used password.',
    );
    expect(plainIssues([{ path: '(body)', message: 'send at least one of name, tags, disabled' }])).toBe('Send at least one of name, tags, disabled.');
  });

  it('label paths of nested and camel-cased fields', () => {
    expect(fieldLabel('hostIds.0')).toBe('host ID 1');
    expect(fieldLabel('channels.1.webhookUrl')).toBe('channel 2 webhook URL');
    expect(fieldLabel('entries.0')).toBe('entry 1');
    expect(fieldLabel('(query)')).toBe('');
  });

  it('keep a long list short and ignore details that are not field problems', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ path: `tags.${i}`, message: 'must not be empty' }));
    expect(plainIssues(many)).toMatch(/Tag 5 must not be empty\. And 3 more\.$/);
    expect(plainIssues(undefined)).toBeNull();
    expect(plainIssues([])).toBeNull();
    expect(plainIssues({ path: 'x', message: 'y' })).toBeNull();
    expect(plainIssues([{ path: 1, message: 'y' }])).toBeNull();
  });
});
