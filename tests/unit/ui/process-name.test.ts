import { describe, expect, it } from 'vitest';
import { COMM_MAX, processName, sortProcesses } from '@/lib/ui/processes';

const row = (name: string, command: string, pid = 1) => ({ pid, name, command, user: 'root', cpuPct: 0, memPct: 0, rss: 0 });

describe('processName', () => {
  it('gives back the name Linux cut at 15 characters from argv[0]', () => {
    const full = 'hostwatch-e2e-long-process-name';
    expect(full.slice(0, COMM_MAX)).toHaveLength(15);
    expect(processName(row(full.slice(0, 15), `/tmp/x/${full} -e setTimeout(()=>{},1e9)`))).toBe(full);
    expect(processName(row('my-long-service', '/opt/My Apps/my-long-service-name --port 80'))).toBe('my-long-service-name');
  });

  it('reads a script’s name from its path when the interpreter is argv[0]', () => {
    expect(processName(row('long_report_bui', '/usr/bin/python3 /srv/long_report_builder.py --daily'))).toBe('long_report_builder.py');
    expect(processName(row('long_report_bui', 'python3 long_report_builder.py'))).toBe('long_report_builder.py');
  });

  it('takes a retitled process’s command line when it continues the name', () => {
    expect(processName(row('next-build (v16', 'next-build (v16.4.6)'))).toBe('next-build (v16.4.6)');
  });

  it('keeps names that were not cut, kernel threads, and names the command does not continue', () => {
    expect(processName(row('nginx', 'nginx: worker process'))).toBe('nginx');
    expect(processName(row('kworker/0:1-eve', '[kworker/0:1-eve]'))).toBe('kworker/0:1-eve');
    // exactly 15 and the command has only arguments after it: the arguments are not part of the name
    expect(processName(row('my-long-service', '/opt/my-long-service --verbose'))).toBe('my-long-service');
    expect(processName(row('retitled-worker', 'postgres: checkpointer'))).toBe('retitled-worker');
  });

  it('sorts by the full name', () => {
    const rows = [row('zz', 'zz', 1), row('aaaaaaaaaaaaaaa', '/bin/aaaaaaaaaaaaaaab', 2), row('aaaaaaaaaaaaaaa', '/bin/aaaaaaaaaaaaaaaa', 3)];
    expect(sortProcesses(rows, 'name').map((r) => r.pid)).toEqual([3, 2, 1]);
  });
});
