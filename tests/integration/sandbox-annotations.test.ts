import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parentToken, type BoxAppConfigJson } from '@/tests/helpers/box-oauth';
import { api, boxError, downscope, type ApiInit } from '@/tests/helpers/content-api';
import { startTestSandbox, type TestSandbox } from '@/tests/helpers/sandbox';

/** Annotations and events on the sandbox, gated by real downscoped tokens. */
let sandbox: TestSandbox;
let url: string;
let config: BoxAppConfigJson;
let parent: string;

const ALICE = { id: 'alice-1', name: 'Alice' };
const BOB = { id: 'bob-2', name: 'Bob' };
const EDIT = ['base_preview', 'annotation_view_all', 'annotation_edit'];

const call = (path: string, init: ApiInit) => api(url, path, init);
const token = (scopes: string[], actor?: { id: string; name: string }, fileId = '1001') =>
  downscope(url, parent, scopes, fileId, actor && { ...actor, config });

function newAnnotation(message: string, overrides: Record<string, unknown> = {}) {
  return {
    description: { type: 'reply', message },
    file_version: { type: 'file_version', id: '91001' },
    target: { type: 'point', location: { type: 'page', value: 1 }, x: 25.5, y: 60 },
    ...overrides,
  };
}

async function create(as: string, message: string, overrides?: Record<string, unknown>) {
  return call('/2.0/undoc/annotations', { token: as, method: 'POST', body: newAnnotation(message, overrides) });
}

async function list(as: string, fileId = '1001') {
  return call(`/2.0/undoc/annotations?file_id=${fileId}&file_version_id=9${fileId}`, { token: as });
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  url = sandbox.url;
  config = (await sandbox.control('GET', 'app-config')).body;
});

afterAll(async () => {
  await sandbox?.close();
});

beforeEach(async () => {
  await sandbox.control('POST', 'reset');
  parent = await parentToken(url, config);
});

describe('annotations', () => {
  it('creates a point annotation in Box shape, authored by the actor', async () => {
    const alice = await token(EDIT, ALICE);
    const { status, json } = await create(alice, 'Lovely light');
    expect(status).toBe(201);
    expect(json).toEqual({
      type: 'annotation',
      id: expect.stringMatching(/^\d+$/),
      description: { type: 'reply', message: 'Lovely light' },
      target: { type: 'point', location: { type: 'page', value: 1 }, x: 25.5, y: 60 },
      status: 'open',
      file_version: { type: 'file_version', id: '91001' },
      created_by: { type: 'user', id: 'alice-1', name: 'Alice', login: '' },
      modified_by: { type: 'user', id: 'alice-1', name: 'Alice', login: '' },
      created_at: expect.any(String),
      modified_at: expect.any(String),
      permissions: { can_edit: true, can_delete: true },
    });
  });

  it('shows everyone\'s with annotation_view_all and only one\'s own with annotation_view_self', async () => {
    await create(await token(EDIT, ALICE), 'from alice');
    await create(await token(EDIT, BOB), 'from bob');

    const viewer = await token(['base_preview', 'annotation_view_all'], { id: 'carol', name: 'Carol' });
    const all = await list(viewer);
    expect(all.status).toBe(200);
    expect(all.json.entries.map((a: any) => a.description.message)).toEqual(['from alice', 'from bob']);
    expect(all.json.entries.every((a: any) => !a.permissions.can_edit && !a.permissions.can_delete)).toBe(true);
    expect(all.json).toMatchObject({ limit: 100, next_marker: null });

    const aliceSelf = await token(['base_preview', 'annotation_view_self'], ALICE);
    expect((await list(aliceSelf)).json.entries.map((a: any) => a.description.message)).toEqual(['from alice']);

    const noView = await token(['base_preview']);
    expect((await list(noView)).json).toEqual(boxError(403, 'access_denied_insufficient_permissions'));
  });

  it('pages lists with limit and marker', async () => {
    const alice = await token(EDIT, ALICE);
    for (const n of [1, 2, 3]) await create(alice, `note ${n}`);
    const first = await call('/2.0/undoc/annotations?file_id=1001&limit=2', { token: alice });
    expect(first.json.entries).toHaveLength(2);
    const second = await call(`/2.0/undoc/annotations?file_id=1001&limit=2&marker=${first.json.next_marker}`, { token: alice });
    expect(second.json.entries.map((a: any) => a.description.message)).toEqual(['note 3']);
    expect(second.json.next_marker).toBeNull();
  });

  it('refuses create without annotation_edit, even to a viewer who can see them', async () => {
    const viewer = await token(['base_preview', 'annotation_view_all'], ALICE);
    expect((await create(viewer, 'forced')).json).toEqual(boxError(403, 'access_denied_insufficient_permissions'));
    expect((await list(viewer)).json.entries).toEqual([]);
  });

  it('lets only the author update and delete', async () => {
    const alice = await token(EDIT, ALICE);
    const bob = await token(EDIT, BOB);
    const { json: note } = await create(alice, 'first draft');
    const path = `/2.0/undoc/annotations/${note.id}`;

    expect((await call(path, { token: bob, method: 'PUT', body: { description: { message: 'hijack' } } })).status).toBe(403);
    expect((await call(path, { token: bob, method: 'DELETE' })).json).toEqual(boxError(403, 'access_denied_insufficient_permissions'));
    const viewerAlice = await token(['base_preview', 'annotation_view_all'], ALICE);
    expect((await call(path, { token: viewerAlice, method: 'DELETE' })).status).toBe(403);

    const updated = await call(path, { token: alice, method: 'PUT', body: { description: { message: 'final' } } });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ id: note.id, description: { message: 'final' }, target: note.target });

    expect((await call(path, { token: alice, method: 'DELETE' })).status).toBe(204);
    expect((await list(alice)).json.entries).toEqual([]);
    expect((await call(path, { token: alice, method: 'DELETE' })).json).toEqual(boxError(404, 'not_found'));
  });

  it('attributes a parent token\'s annotations to its subject', async () => {
    const { json } = await create(parent, 'from the service account');
    expect(json.created_by).toMatchObject({ type: 'user', id: config.enterpriseID });
    expect(json.permissions).toEqual({ can_edit: true, can_delete: true });
  });

  it('validates bodies and queries, answering in Box error shape', async () => {
    const alice = await token(EDIT, ALICE);
    const bad = [
      newAnnotation(''),
      newAnnotation('x', { target: { type: 'point', location: { type: 'page', value: 1 }, x: 150, y: 10 } }),
      newAnnotation('x', { target: { type: 'region', location: { type: 'page', value: 1 }, x: 1, y: 1 } }),
      newAnnotation('x', { target: { type: 'point', location: { type: 'page', value: 2 }, x: 1, y: 1 } }),
      newAnnotation('x', { file_version: { type: 'file_version', id: '123' } }),
      newAnnotation('x', { file_version: { id: 'not-a-version' } }),
      { description: { message: 'no file' }, target: { type: 'point', location: { type: 'page', value: 1 }, x: 1, y: 1 } },
    ];
    for (const body of bad) {
      const result = await call('/2.0/undoc/annotations', { token: alice, method: 'POST', body });
      expect(result.json, JSON.stringify(body)).toEqual(boxError(400, 'bad_request'));
    }
    const malformed = await call('/2.0/undoc/annotations', { token: alice, method: 'POST', rawBody: '{"description":' });
    expect(malformed.json).toEqual(boxError(400, 'bad_request'));
    expect((await call('/2.0/undoc/annotations', { token: alice })).json).toEqual(boxError(400, 'bad_request'));
  });

  it('accepts later pages of the PDF', async () => {
    const editor = await token(EDIT, ALICE, '1009');
    const page3 = { type: 'point', location: { type: 'page', value: 3 }, x: 50, y: 50 };
    expect((await create(editor, 'page three', { file_version: { id: '91009' }, target: page3 })).status).toBe(201);
    const page4 = { ...page3, location: { type: 'page', value: 4 } };
    expect((await create(editor, 'no page four', { file_version: { id: '91009' }, target: page4 })).status).toBe(400);
  });

  it('treats files outside a restricted token as not found (404, as Box does)', async () => {
    const { json: note } = await create(await token(EDIT, ALICE), 'on 1001');
    const elsewhere = await token(EDIT, ALICE, '1002');
    expect((await create(elsewhere, 'sneaky')).json).toEqual(boxError(404, 'not_found'));
    // Naming the other file's version does not get around the restriction either way round.
    expect((await create(await token(EDIT, ALICE, '1001'), 'wrong file', { file_version: { id: '91002' } })).json).toEqual(boxError(404, 'not_found'));
    expect((await list(elsewhere)).status).toBe(404);
    expect((await call(`/2.0/undoc/annotations/${note.id}`, { token: elsewhere, method: 'DELETE' })).status).toBe(404);
  });

  it('forgets annotations on reset', async () => {
    await create(await token(EDIT, ALICE), 'ephemeral');
    await sandbox.control('POST', 'reset');
    parent = await parentToken(url, config);
    expect((await list(await token(EDIT, ALICE))).json.entries).toEqual([]);
  });
});

describe('POST /2.0/events', () => {
  it('accepts preview events from an authenticated caller', async () => {
    const viewer = await token(['base_preview']);
    const event = { event_type: 'preview', source: { type: 'file', id: '1001' } };
    expect((await call('/2.0/events', { token: viewer, method: 'POST', body: event })).status).toBe(204);
    expect((await call('/2.0/events', { method: 'POST', body: event })).status).toBe(401);
    const elsewhere = { event_type: 'preview', source: { type: 'file', id: '1002' } };
    expect((await call('/2.0/events', { token: viewer, method: 'POST', body: elsewhere })).status).toBe(404);
    expect((await call('/2.0/events', { token: viewer, method: 'POST', body: { nope: true } })).status).toBe(400);
  });
});
