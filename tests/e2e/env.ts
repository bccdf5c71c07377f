/** Where the e2e instance's sandbox listens (scripts/run.ts puts it one port above the app). */
const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const APP_URL = `http://127.0.0.1:${E2E_PORT}`;
export const SANDBOX_URL = `http://127.0.0.1:${E2E_PORT + 1}`;
