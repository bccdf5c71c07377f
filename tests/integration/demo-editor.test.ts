import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '@/lib/auth/password-hash';
import { parseEnv } from '@/lib/config/env';
import { createStore, type Store } from '@/lib/db/store';
import { DEMO_EDITOR_EMAIL, DEMO_EDITOR_PASSWORD, reconcileDemoEditor } from '@/lib/db/demo-editor';
import { openPgliteTestDatabase, type TestDatabase } from '../helpers/test-database';

const sandboxEnv = parseEnv({ NODE_ENV: 'test' });
const boxEnv = parseEnv({ NODE_ENV: 'test', BOX_DEVELOPER_TOKEN: 'developer-token' });

describe('the sandbox demo editor', () => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await openPgliteTestDatabase();
    store = createStore(database.db);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('is created in sandbox mode with the documented password, once', async () => {
    await reconcileDemoEditor(store, sandboxEnv);
    const editor = await store.editors.findByEmail(DEMO_EDITOR_EMAIL);
    expect(editor).toBeDefined();
    expect(await verifyPassword(editor!.passwordHash, DEMO_EDITOR_PASSWORD)).toBe(true);
    await reconcileDemoEditor(store, sandboxEnv);
    expect((await store.editors.findByEmail(DEMO_EDITOR_EMAIL))?.passwordHash).toBe(editor!.passwordHash);
  });

  it('is disabled with real Box credentials, and usable again back in the sandbox', async () => {
    await reconcileDemoEditor(store, boxEnv);
    const disabled = await store.editors.findByEmail(DEMO_EDITOR_EMAIL);
    expect(await verifyPassword(disabled!.passwordHash, DEMO_EDITOR_PASSWORD)).toBe(false);
    await reconcileDemoEditor(store, sandboxEnv);
    const restored = await store.editors.findByEmail(DEMO_EDITOR_EMAIL);
    expect(await verifyPassword(restored!.passwordHash, DEMO_EDITOR_PASSWORD)).toBe(true);
  });

  it('is never created with real Box credentials', async () => {
    const fresh = await openPgliteTestDatabase();
    try {
      const freshStore = createStore(fresh.db);
      await reconcileDemoEditor(freshStore, boxEnv);
      expect(await freshStore.editors.findByEmail(DEMO_EDITOR_EMAIL)).toBeUndefined();
    } finally {
      await fresh.dispose();
    }
  });
});
