import { getEnv, modeOf, sandboxUrlOf } from '@/lib/config/env';
import { getStore } from '@/lib/db/get-store';
import { assertDeepHealthAccess, deepHealthReport } from '@/lib/health/deep-health';
import { healthResponse } from '@/lib/health/health-response';
import { getFleetRedis } from '@/lib/fleet/redis';
import { probeBox } from '@/lib/health/probe-box';
import { probeDatabase } from '@/lib/health/probe-database';
import { handleApiRequest, jsonResponse } from '@/lib/http/json-response';
import { refuseOtherMethods } from '@/lib/http/method-not-allowed';
import { operatorWebhookState } from '@/lib/notify/operator-webhook';

export const dynamic = 'force-dynamic';

/**
 * Liveness: Box reachable and the database answering, 200; otherwise 503 with
 * what is down. Redis configured but unreachable: `degraded` with 200 (views go on
 * from process memory), as is a disabled operator webhook. With `?deep=1` and the operator's token, the full Box set-up check.
 */
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
  const fleet = getFleetRedis();
  return healthResponse({
    mode,
    box: () => probeBox(mode === 'sandbox' ? sandboxUrlOf(env) : env.BOX_API_URL),
    database: () => probeDatabase(getStore),
    ...(fleet ? { redis: async () => ((await fleet.ready()) ? 'ok' : 'unreachable') } : {}),
    ...(env.NOTIFY_WEBHOOK_URL ? { operatorWebhook: async () => ((await operatorWebhookState(await getStore(), true)) === 'disabled' ? 'disabled' : 'enabled') } : {}),
  });
}

/** Other methods: 405 in the JSON error shape. */
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
