import { describe, expect, it } from 'vitest';
import { installCommand } from '@/lib/accounts/install-command';

const TOKEN = 'hwh_abcdefghijklmnopqrstuvwxyz0';

describe('install command', () => {
  it('fetches the install script from the server and passes the URL, quoted', () => {
    expect(installCommand('https://watch.example.com/', TOKEN)).toBe(
      `curl -fsSL 'https://watch.example.com/install.sh' | HOSTWATCH_TOKEN='${TOKEN}' sudo --preserve-env=HOSTWATCH_TOKEN sh -s -- --url 'https://watch.example.com'`,
    );
    expect(installCommand("https://x/it's", 't')).toContain(`'https://x/it'\\''s'`);
  });

  it('passes the token in the environment only: never as an argument of sudo, sh or curl', () => {
    const cmd = installCommand('https://watch.example.com', TOKEN);
    expect(cmd).not.toContain('--token');
    // The one occurrence is the assignment that prefixes sudo: an environment entry, not an argument.
    expect(cmd.split(TOKEN)).toHaveLength(2);
    expect(cmd).toMatch(new RegExp(`\\| HOSTWATCH_TOKEN='${TOKEN}' sudo --preserve-env=HOSTWATCH_TOKEN sh `));
  });

  it('spells out --allow-insecure-http only for plain http to a non-loopback server', () => {
    expect(installCommand('http://10.0.0.5:3000', 't')).toMatch(/ --allow-insecure-http$/);
    expect(installCommand('http://127.0.0.1:3000', 't')).not.toContain('insecure');
    expect(installCommand('http://localhost:3000', 't')).not.toContain('insecure');
    expect(installCommand('https://10.0.0.5', 't')).not.toContain('insecure');
  });
});
