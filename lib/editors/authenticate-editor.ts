import { z } from 'zod';
import { verifyAgainstDummy, verifyPassword } from '../auth/password-hash';
import type { Store, EditorRecord } from '../db/store';
import { normalizeEmail } from '../db/stores/editor-store';
import { ApiError } from '../http/api-error';
import { getLoginLimiter } from './login-limiter';

export const LoginSchema = z
  .object({
    email: z.string().trim().max(254).pipe(z.email()),
    password: z.string().min(1).max(1024),
  })
  .strict();

export type LoginInput = z.infer<typeof LoginSchema>;

export interface LoginClient {
  clientKey: string;
  /** This browser signed in to this account before (device cookie). */
  trustedDevice?: boolean;
}

/**
 * Checks an editor's credentials. Attempts are counted (per address, per
 * account across addresses) before the hash is computed; an unknown account
 * is checked against a dummy hash so both failures take the same time and
 * give the same answer.
 */
export async function authenticateEditor(store: Store, input: LoginInput, client: LoginClient): Promise<EditorRecord> {
  const email = normalizeEmail(input.email);
  const limiter = getLoginLimiter();
  const attempt = { clientKey: client.clientKey, target: email };
  await limiter.admit({ ...attempt, exempt: client.trustedDevice === true });
  const editor = await store.editors.findByEmail(email);
  const ok = editor ? await verifyPassword(editor.passwordHash, input.password) : await verifyAgainstDummy(input.password);
  if (!editor || !ok) throw new ApiError('unauthorized:login', 'Wrong email or password.');
  await limiter.succeeded(attempt);
  return editor;
}
