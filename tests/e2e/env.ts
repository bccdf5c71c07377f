/** Where the e2e instance's sandbox listens (scripts/run.ts puts it one port above the app). */
const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const APP_URL = `http://127.0.0.1:${E2E_PORT}`;
export const SANDBOX_URL = `http://127.0.0.1:${E2E_PORT + 1}`;
/** The operator token scripts/run.ts gives the e2e instance for `/api/health?deep=1`. */
export const HEALTH_DEEP_TOKEN = process.env.HEALTH_DEEP_TOKEN ?? 'e2e-deep-health-check-token';
