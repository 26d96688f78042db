import { describe, expect, it } from 'vitest';
import { hostNameKey } from '@/lib/store/records';

describe('host name key (what makes two host names the same)', () => {
  it('ignores case, ASCII and beyond', () => {
    expect(hostNameKey('Web-1')).toBe(hostNameKey('web-1'));
    expect(hostNameKey('WEB-1')).toBe(hostNameKey('web-1'));
    expect(hostNameKey('Ärger-Σ')).toBe(hostNameKey('ärger-σ'));
  });

  it('folds compatibility look-alikes (full-width letters, ligatures) and surrounding space', () => {
    expect(hostNameKey('ｗｅｂ-１')).toBe(hostNameKey('web-1'));
    expect(hostNameKey('ﬁle-server')).toBe(hostNameKey('file-server'));
    expect(hostNameKey(' web-1 ')).toBe(hostNameKey('web-1'));
  });

  it('keeps different names apart', () => {
    expect(hostNameKey('web-1')).not.toBe(hostNameKey('web-2'));
    expect(hostNameKey('web-1')).not.toBe(hostNameKey('web1'));
    expect(hostNameKey('a'.repeat(100))).toHaveLength(100);
  });
});
