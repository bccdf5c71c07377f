import { getEnv, modeOf, sandboxUrlOf } from '@/lib/config/env';
import { probeBox } from '@/lib/health/probe-box';
import { jsonResponse } from '@/lib/http/json-response';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const env = getEnv();
  const mode = modeOf(env);
  const box = await probeBox(mode === 'sandbox' ? sandboxUrlOf(env) : env.BOX_API_URL);
  return jsonResponse({ status: box.reachable ? 'ok' : 'degraded', mode, box }, { status: box.reachable ? 200 : 503 });
}
