import { modeOf, type Env } from '../config/env';
import { hashPassword } from '../auth/password-hash';
import { log } from '../log';
import type { Store } from '../db/store';

/** Sandbox mode only: a known account so a fresh checkout can sign in. */
export const DEMO_EDITOR_EMAIL = 'editor@easel.test';
export const DEMO_EDITOR_PASSWORD = 'sandbox-demo-password';

/** Not an argon2 hash, so no password ever matches it. */
const DISABLED_HASH = '!disabled-outside-sandbox';

/**
 * Creates the demo editor in sandbox mode. With real Box credentials a demo
 * account left in the database (a data folder first used with the sandbox)
 * is disabled, since its password is public.
 */
export async function reconcileDemoEditor(store: Store, env: Env): Promise<void> {
  const existing = await store.editors.findByEmail(DEMO_EDITOR_EMAIL);
  if (modeOf(env) !== 'sandbox') {
    if (existing && existing.passwordHash !== DISABLED_HASH) {
      await store.editors.setPasswordHash(existing.id, DISABLED_HASH);
      log.warn({ event: 'editor.demo_disabled', email: DEMO_EDITOR_EMAIL }, 'sandbox demo editor disabled (Box credentials are configured)');
    }
    return;
  }
  if (existing && existing.passwordHash !== DISABLED_HASH) return;
  const passwordHash = await hashPassword(DEMO_EDITOR_PASSWORD);
  if (existing) await store.editors.setPasswordHash(existing.id, passwordHash);
  else {
    await store.editors.create({ email: DEMO_EDITOR_EMAIL, passwordHash }).catch(async (error: unknown) => {
      // Another instance starting at the same time created it first.
      if (!(await store.editors.findByEmail(DEMO_EDITOR_EMAIL))) throw error;
    });
  }
  log.info({ event: 'editor.demo_seeded', email: DEMO_EDITOR_EMAIL }, 'sandbox demo editor ready');
}
