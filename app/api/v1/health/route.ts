import { healthResponse } from '@/lib/http/health';

export const dynamic = 'force-dynamic';

/** Public liveness and store check for uptime probes (lib/http/health.ts). */
export function GET() {
  return healthResponse();
}
