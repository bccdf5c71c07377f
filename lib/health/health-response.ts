import { jsonResponse } from '../http/json-response';
import type { BoxReachability } from './probe-box';
import type { DatabaseHealth } from './probe-database';

export interface HealthProbes {
  mode: string;
  box: () => Promise<BoxReachability>;
  database: () => Promise<DatabaseHealth>;
}

/** 200 only when Box is reachable and the database answers; 503 (degraded) otherwise. */
export async function healthResponse(probes: HealthProbes): Promise<Response> {
  const [box, database] = await Promise.all([probes.box(), probes.database()]);
  const ok = box.reachable && database.up;
  return jsonResponse({ status: ok ? 'ok' : 'degraded', mode: probes.mode, box, database }, { status: ok ? 200 : 503 });
}
