import type { Drive } from '@/lib/wire/hardware';
import { MAX_DRIVES } from '@/lib/wire/limits';
import { listDir } from '../proc/read';
import { sysfsNumber, sysfsWord } from './sysfs-num';

/**
 * What the kernel tells about NVMe drives without an admin command: the
 * model (`/sys/class/nvme/nvmeN/model`) and the composite temperature its
 * hwmon (`nvmeN/hwmonM/temp1_input`, or under `device/hwmon/`) reports. No
 * verdict and no wear: those need smartctl (smart-reader.ts), so health is
 * `unknown`. The drive is named by its first namespace (`nvme0n1`), as
 * /proc/diskstats and smartctl name it.
 */

export interface NvmeInput {
  device: string;
  model: string;
  temp: string | null;
}

export function discoverNvme(sysRoot = '/sys'): NvmeInput[] {
  const root = `${sysRoot}/class/nvme`;
  const out: NvmeInput[] = [];
  for (const ctrl of listDir(root).filter((c) => /^nvme\d+$/.test(c)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) {
    if (out.length >= MAX_DRIVES) break;
    const dir = `${root}/${ctrl}`;
    const ns = listDir(dir).filter((n) => /^nvme\d+(c\d+)?n\d+$/.test(n)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))[0];
    const hw = listDir(dir).find((h) => /^hwmon\d+$/.test(h));
    const hwDeep = hw ? null : listDir(`${dir}/device/hwmon`).find((h) => /^hwmon\d+$/.test(h));
    const temp = hw ? `${dir}/${hw}/temp1_input` : hwDeep ? `${dir}/device/hwmon/${hwDeep}/temp1_input` : null;
    out.push({ device: (ns ?? ctrl).replace(/c\d+n/, 'n'), model: sysfsWord(`${dir}/model`), temp });
  }
  return out;
}

export function readNvme(inputs: readonly NvmeInput[]): Drive[] {
  return inputs.map((n) => {
    const d: Drive = { device: n.device, model: n.model, source: 'sysfs', health: 'unknown', checkedAt: 0 };
    const mc = n.temp ? sysfsNumber(n.temp) : undefined;
    if (mc !== undefined && mc / 1000 <= 200) d.celsius = mc / 1000;
    return d;
  });
}
