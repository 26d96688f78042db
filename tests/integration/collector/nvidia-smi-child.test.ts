import { copyFileSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeviceReader } from '@/collector/hardware/devices';
import { createLogger } from '@/collector/log';
import { LinuxSampler } from '@/collector/sampler';
import { batchSchema } from '@/lib/wire/contract';
import { familySeries } from '@/lib/metrics/registry';
import { historyRecord } from '@/lib/metrics/history';

/*
 * The NVIDIA stream against a stand-in nvidia-smi (tests/fixtures/devices/nvidia-smi-standin.mjs)
 * put first on PATH: it prints recorded CSV lines every -lms ms until killed, and logs each start.
 * A real GPU is not needed, and not available here: the real check is on a machine with one.
 */
const FIXTURES = path.join(import.meta.dirname, '../../fixtures/devices');

let dir: string;
let starts: string;
let reader: DeviceReader | null = null;

const startsLogged = () => (existsSync(starts) ? readFileSync(starts, 'utf8').trim().split('\n').filter(Boolean) : []);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nvsmi-'));
  copyFileSync(path.join(FIXTURES, 'nvidia-smi-standin.mjs'), path.join(dir, 'nvidia-smi'));
  starts = path.join(dir, 'starts.log');
  process.env.NVIDIA_SMI_FIXTURE = path.join(FIXTURES, 'nvidia-smi.csv');
  process.env.NVIDIA_SMI_STARTS = starts;
});

afterEach(async () => {
  await reader?.close();
  reader = null;
  rmSync(dir, { recursive: true, force: true });
  delete process.env.NVIDIA_SMI_FIXTURE;
  delete process.env.NVIDIA_SMI_STARTS;
});

function newReader(pathEnv: string): DeviceReader {
  reader = new DeviceReader({ sysRoot: path.join(dir, 'no-sys'), intervalMs: 200, smart: false, log: createLogger('error'), pathEnv, restartDelayMs: () => 20 });
  return reader;
}

describe('nvidia-smi as one long-lived child', () => {
  it('starts one child in loop mode when nvidia-smi is on PATH, and samples read its latest lines', async () => {
    const r = newReader(`${dir}${path.delimiter}${process.env.PATH}`);
    expect(r.nvidia).not.toBeNull();
    r.start();
    await r.nvidia!.nextLine();
    expect(r.children).toBe(1);
    const logged = startsLogged();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('--format=csv,noheader,nounits -lms 200');
    const gpus = r.sample().gpus!;
    expect(gpus.map((g) => [g.id, g.utilPct, g.celsius, g.powerW])).toEqual([['nvidia0', 87, 71, 312.45], ['nvidia1', 3, 34, undefined]]);
    // Many samples, still the one child: nothing forks per sample.
    for (let i = 0; i < 20; i++) r.sample();
    await r.nvidia!.nextLine();
    expect(startsLogged()).toHaveLength(1);
  });

  it('starts it again after it is killed, and stops it for good on close', async () => {
    const r = newReader(`${dir}${path.delimiter}${process.env.PATH}`);
    r.start();
    await r.nvidia!.nextLine();
    const first = r.nvidia!.pid!;
    process.kill(first, 'SIGKILL');
    // The next parsed line comes from the restarted child.
    await r.nvidia!.nextLine();
    const second = r.nvidia!.pid!;
    expect(second).not.toBe(first);
    expect(alive(first)).toBe(false);
    expect(r.nvidia!.starts).toBe(2);
    expect(startsLogged().map((l) => Number(l.split(' ')[0]))).toEqual([first, second]);
    await r.close();
    expect(alive(second)).toBe(false);
    expect(r.children).toBe(0);
    reader = null;
  });

  it('starts no child when nvidia-smi is not on PATH, or when the tool is off', () => {
    expect(newReader(path.join(dir, 'empty-bin')).nvidia).toBeNull();
    expect(newReader(path.join(dir, 'empty-bin')).children).toBe(0);
    reader = new DeviceReader({ sysRoot: dir, intervalMs: 200, smart: false, gpuTool: 'off', log: createLogger('error'), pathEnv: `${dir}${path.delimiter}${process.env.PATH}` });
    expect(reader.nvidia).toBeNull();
  });

  it('gives the sampler GPUs that pass the wire contract and become gpu.* series', async () => {
    const r = newReader(`${dir}${path.delimiter}${process.env.PATH}`);
    r.start();
    await r.nvidia!.nextLine();
    const sampler = new LinuxSampler({ devices: r });
    await sampler.prime();
    const s = (await sampler.sample())!;
    expect(s.gpus?.length).toBe(2);
    expect(batchSchema.safeParse({ v: 1, samples: [s], counters: { spooled: 0, dropped: 0 } }).success).toBe(true);
    const rec = historyRecord(s);
    const stored = Object.fromEntries(rec.names.map((n, i) => [n, rec.values[i]]));
    // Stored quantized: a percentage in 1/100, a temperature in 1/10 above -100 °C.
    expect(stored[familySeries('gpu.util', 'nvidia0')]).toBe(8700);
    expect(stored[familySeries('gpu.temp', 'nvidia0')]).toBe(1710);
    // A reading the GPU did not give has no column at all.
    expect(familySeries('gpu.power', 'nvidia1') in stored).toBe(false);
    expect(familySeries('gpu.power', 'nvidia0') in stored).toBe(true);
  });
});
