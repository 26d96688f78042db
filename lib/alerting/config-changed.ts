import 'server-only';
import type { Store } from '@/lib/store/types';
import { invalidateAlertConfig } from './config-cache';
import { forgetAll } from './host-states';

/**
 * After any write to rules, channels, windows or silences: this process
 * loads the config afresh on its next judgement and reads host states again
 * (a replaced rule may have had its states deleted). Other instances see the
 * change within CONFIG_TTL_MS.
 */
export function alertConfigChanged(store: Store): void {
  invalidateAlertConfig(store);
  forgetAll(store);
}
