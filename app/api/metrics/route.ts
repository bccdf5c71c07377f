import { refuseOtherMethods } from '@/lib/http/method-not-allowed';
import { metricsResponse } from '@/lib/http/metrics-response';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Prometheus metrics of this instance, for a scraper holding METRICS_TOKEN. */
export async function GET(request: Request): Promise<Response> {
  return metricsResponse(request);
}

/** Other methods: 405 in the JSON error shape. */
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
