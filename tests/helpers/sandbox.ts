import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { LoggedRequest } from '@/lib/sandbox/request-log';
import { createSandbox, type RunningSandbox, type SandboxOptions } from '@/lib/sandbox/server';

/** Integration tests share one data dir so keys and sample content are generated once. */
export const TEST_SANDBOX_DATA_DIR = '.data/test-sandbox';

export interface ControlResponse {
  status: number;
  body: any;
}

export interface TestSandbox extends RunningSandbox {
  /** Calls a `/_sandbox/*` control, e.g. `control('POST', 'faults', { latencyMs: 100 })`. */
  control(method: 'GET' | 'POST', name: string, body?: unknown): Promise<ControlResponse>;
  /** The Box requests the sandbox answered since `since` (epoch ms), from its request timeline. */
  requestsSince(since: number): Promise<LoggedRequest[]>;
}

export async function startTestSandbox(overrides: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const sandbox = await createSandbox({
    host: '127.0.0.1',
    port: 0,
    dataDir: TEST_SANDBOX_DATA_DIR,
    allowedOrigins: ['http://localhost:3000', 'http://127.0.0.1:3000'],
    ...overrides,
  });
  const control: TestSandbox['control'] = async (method, name, body) => {
    const response = await fetch(`${sandbox.url}/_sandbox/${name}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const requestsSince: TestSandbox['requestsSince'] = async (since) => ((await control('GET', `requests?since=${since}`)).body as { requests: LoggedRequest[] }).requests;
  return { ...sandbox, control, requestsSince };
}

/**
 * One sandbox for a test file: started before all tests, reset before each
 * (faults, tokens, set-up), closed after all. Read `.current` inside tests.
 */
export function sandboxForThisFile(overrides: Partial<SandboxOptions> = {}): { readonly current: TestSandbox } {
  const holder: { current: TestSandbox | undefined } = { current: undefined };
  beforeAll(async () => {
    holder.current = await startTestSandbox(overrides);
  });
  afterAll(async () => {
    await holder.current?.close();
  });
  beforeEach(async () => {
    await holder.current?.control('POST', 'reset');
  });
  return {
    get current(): TestSandbox {
      if (!holder.current) throw new Error('the test sandbox is not started yet');
      return holder.current;
    },
  };
}
