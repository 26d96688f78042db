import type { Gpu } from '@/lib/wire/hardware';
import { MAX_GPUS } from '@/lib/wire/limits';
import { listDir, readText } from '../proc/read';

/**
 * AMD and Intel GPUs from sysfs, read like every other file in the sampling
 * loop (no child). Per DRM card (`/sys/class/drm/cardN`, not its connectors):
 * - AMD (amdgpu, vendor 0x1002): device/gpu_busy_percent, mem_info_vram_used and
 *   _total (bytes), hwmon temp1_input (m°C, "edge"), power1_average or power1_input
 *   (µW), freq1_input (Hz, the shader clock).
 * - Intel (i915/xe, vendor 0x8086): gt_cur_freq_mhz, and hwmon temperature and
 *   power where the discrete card's driver registers them. Intel exposes no
 *   utilisation in sysfs (only through perf), so it is absent.
 * NVIDIA cards (0x10de) are nvidia-smi's (nvidia-smi.ts).
 */

export interface GpuCard {
  id: string;
  vendor: 'amd' | 'intel';
  dir: string;
  name: string;
  hwmon: string | null;
}

const VENDORS: Record<string, 'amd' | 'intel'> = { '0x1002': 'amd', '0x8086': 'intel' };
const NAMES = { amd: 'AMD GPU', intel: 'Intel GPU' } as const;

export function discoverGpuCards(sysRoot = '/sys'): GpuCard[] {
  const drm = `${sysRoot}/class/drm`;
  const cards: GpuCard[] = [];
  for (const card of listDir(drm).filter((c) => /^card\d+$/.test(c)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) {
    if (cards.length >= MAX_GPUS) break;
    const dir = `${drm}/${card}`;
    const vendor = VENDORS[(readText(`${dir}/device/vendor`) ?? '').trim()];
    if (!vendor) continue;
    const hw = listDir(`${dir}/device/hwmon`).find((h) => h.startsWith('hwmon'));
    const device = (readText(`${dir}/device/device`) ?? '').trim();
    const product = (readText(`${dir}/device/product_name`) ?? '').trim();
    cards.push({ id: card, vendor, dir, name: (product || `${NAMES[vendor]}${device ? ` ${device}` : ''}`).slice(0, 128), hwmon: hw ? `${dir}/device/hwmon/${hw}` : null });
  }
  return cards;
}

function num(path: string): number | undefined {
  const t = readText(path);
  if (t === null) return undefined;
  const n = Number(t.trim());
  return t.trim() !== '' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

const scaled = (v: number | undefined, by: number, max: number) => (v === undefined ? undefined : Math.min(max, v / by));

export function readGpuCard(card: GpuCard): Gpu {
  const gpu: Gpu = { id: card.id, vendor: card.vendor, name: card.name };
  const dev = `${card.dir}/device`;
  const set = <K extends keyof Gpu>(k: K, v: Gpu[K] | undefined) => {
    if (v !== undefined) gpu[k] = v;
  };
  if (card.vendor === 'amd') {
    set('utilPct', scaled(num(`${dev}/gpu_busy_percent`), 1, 100));
    set('memUsed', num(`${dev}/mem_info_vram_used`));
    set('memTotal', num(`${dev}/mem_info_vram_total`));
  } else {
    set('coreMhz', num(`${card.dir}/gt_cur_freq_mhz`));
  }
  if (card.hwmon) {
    set('celsius', scaled(num(`${card.hwmon}/temp1_input`), 1000, 200));
    set('powerW', scaled(num(`${card.hwmon}/power1_average`) ?? num(`${card.hwmon}/power1_input`), 1e6, 100_000));
    if (gpu.coreMhz === undefined) set('coreMhz', scaled(num(`${card.hwmon}/freq1_input`), 1e6, 100_000));
    set('memMhz', scaled(num(`${card.hwmon}/freq2_input`), 1e6, 100_000));
  }
  return gpu;
}
