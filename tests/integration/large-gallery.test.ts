import { afterAll, describe, expect, it, vi } from 'vitest';

// A 20 009-file gallery folder: the samples plus 20 000 extras sharing eight generated images.
vi.hoisted(() => {
  process.env.SANDBOX_EXTRA_FILES = '20000';
});

import { ARTWORK_FOLDER_ID, FIRST_EXTRA_FILE_ID, SAMPLE_FILES } from '@/lib/sandbox/catalog';
import { sandboxForThisFile } from '@/tests/helpers/sandbox';
import { createTokenHarness } from '@/tests/helpers/token-harness';

const box = sandboxForThisFile();
afterAll(() => {
  delete process.env.SANDBOX_EXTRA_FILES;
});

describe('a 20 000-file gallery folder', () => {
  it('is listed by the sandbox to its last page', async () => {
    expect(SAMPLE_FILES.filter((file) => file.folderId === ARTWORK_FOLDER_ID).length).toBe(20_009);
    const harness = createTokenHarness(box.current);
    const items = await harness.connection.client.folders.getFolderItems(ARTWORK_FOLDER_ID, { queryParams: { offset: 20_000, limit: 1000, fields: ['name'] } });
    expect(items.totalCount).toBe(20_009);
    expect(items.entries).toHaveLength(9);
  });

  it('answers the access check for any of its files in at most one Box call per file, none again within the cache lifetime', async () => {
    const harness = createTokenHarness(box.current);
    const ids = Array.from({ length: 40 }, (_, index) => String(FIRST_EXTRA_FILE_ID + 1_500 + index * 450)); // spread over the folder, past the first listing page
    const since = Date.now();
    for (const id of ids) await harness.policy.assertGalleryFile(id);
    const calls = await box.current.requestsSince(since);
    const fileReads = calls.filter((call) => /^\/2\.0\/files\/\d+$/.test(call.path));
    const listings = calls.filter((call) => call.path.startsWith('/2.0/folders/'));
    expect(fileReads.map((call) => call.path).sort()).toEqual(ids.map((id) => `/2.0/files/${id}`).sort());
    expect(listings.length).toBeLessThanOrEqual(1); // one page of 1 000, never the whole folder
    expect(calls.length - fileReads.length - listings.length).toBeLessThanOrEqual(1); // the parent token

    const again = Date.now();
    for (const id of ids) await harness.policy.assertGalleryFile(id);
    expect(await box.current.requestsSince(again)).toEqual([]);
  });

  it('still refuses files outside the gallery', async () => {
    const harness = createTokenHarness(box.current);
    await expect(harness.policy.assertGalleryFile('2001')).rejects.toMatchObject({ code: 'not_found:file' });
    await expect(harness.policy.assertGalleryFile(String(FIRST_EXTRA_FILE_ID + 20_000))).rejects.toMatchObject({ code: 'not_found:file' });
  });
});
