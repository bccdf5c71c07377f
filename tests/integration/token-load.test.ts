import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// 20 gallery files: the 9 samples plus 11 small extras (read by lib/sandbox/catalog.ts at import).
vi.hoisted(() => {
  process.env.SANDBOX_EXTRA_FILES = '11';
});

import { parseEnv } from '@/lib/config/env';
import { ARTWORK_FOLDER_ID, SAMPLE_FILES } from '@/lib/sandbox/catalog';
import { startTestSandbox, type TestSandbox } from '@/tests/helpers/sandbox';
import { createTokenHarness } from '@/tests/helpers/token-harness';

let sandbox: TestSandbox;
const galleryIds = SAMPLE_FILES.filter((file) => file.folderId === ARTWORK_FOLDER_ID).map((file) => file.id);

beforeAll(async () => {
  sandbox = await startTestSandbox();
});

afterAll(async () => {
  delete process.env.SANDBOX_EXTRA_FILES;
  await sandbox?.close();
});

describe('token route under load', () => {
  it('200 concurrent requests over 20 cold files (limit raised): all 200 OK, exactly 20 exchanges and one grant', async () => {
    await sandbox.control('POST', 'reset');
    expect(galleryIds).toHaveLength(20);
    const harness = createTokenHarness(sandbox, { ratePerMinute: 10_000 });
    const requests = Array.from({ length: 200 }, (_, index) => galleryIds[index % galleryIds.length]!);
    const responses = await Promise.all(requests.map((id) => harness.request(id)));
    expect(responses.map((response) => response.status)).toEqual(requests.map(() => 200));
    const bodies = await Promise.all(responses.map((response) => response.json()));
    const tokenOf = new Map<string, string>();
    bodies.forEach((body, index) => {
      expect(body.fileId).toBe(requests[index]);
      const known = tokenOf.get(body.fileId);
      if (known) expect(body.accessToken).toBe(known);
      else tokenOf.set(body.fileId, body.accessToken);
    });
    const stats = await harness.stats();
    expect(stats.exchanges).toBe(20);
    expect(stats.grants.jwt).toBe(1);
    // Membership of all 20 came from one listing of the gallery folder.
    expect(stats.api).toBe(1);
  });

  it('with the default limit (TOKEN_RATE_LIMIT_PER_MINUTE unset), one client firing 200 at once gets 429s past it', async () => {
    await sandbox.control('POST', 'reset');
    const defaultLimit = parseEnv({}).TOKEN_RATE_LIMIT_PER_MINUTE;
    expect(defaultLimit).toBeLessThan(200);
    const harness = createTokenHarness(sandbox, { ratePerMinute: defaultLimit });
    const responses = await Promise.all(Array.from({ length: 200 }, (_, index) => harness.request(galleryIds[index % 20]!, { clientKey: '192.0.2.55' })));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(defaultLimit);
    expect(statuses.filter((status) => status === 429)).toHaveLength(200 - defaultLimit);
    const limited = responses.find((response) => response.status === 429)!;
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
