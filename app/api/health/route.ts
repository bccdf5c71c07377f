import { getEnv, modeOf, sandboxUrlOf } from '@/lib/config/env';
import { assertDeepHealthAccess, deepHealthReport } from '@/lib/health/deep-health';
import { probeBox } from '@/lib/health/probe-box';
import { handleApiRequest, jsonResponse } from '@/lib/http/json-response';

export const dynamic = 'force-dynamic';

/** Liveness (is Box reachable); with `?deep=1` and the operator's token, the full Box set-up check. */
export async function GET(request: Request): Promise<Response> {
  const env = getEnv();
  const mode = modeOf(env);
  if (new URL(request.url).searchParams.get('deep') === '1') {
    return handleApiRequest(request, async () => {
      assertDeepHealthAccess(request, env);
      const report = await deepHealthReport(env);
      return jsonResponse({ status: report.ok ? 'ok' : 'failing', ...report }, { status: report.ok ? 200 : 503 });
    });
  }
  const box = await probeBox(mode === 'sandbox' ? sandboxUrlOf(env) : env.BOX_API_URL);
  return jsonResponse({ status: box.reachable ? 'ok' : 'degraded', mode, box }, { status: box.reachable ? 200 : 503 });
}
