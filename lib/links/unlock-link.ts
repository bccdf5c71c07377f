import { verifyPassword } from '../auth/password-hash';
import type { Store } from '../db/store';
import { ApiError } from '../http/api-error';
import { visitorActor } from './client-fingerprint';
import { findLiveLink } from './live-link';
import { sealUnlock } from './unlock-cookie';
import { getUnlockLimiter } from './unlock-limiter';
import type { Visitor } from './visitor';

export type UnlockResult = { unlocked: true; cookie?: { name: string; value: string; maxAge: number } };

/**
 * Checks a link password (rate limited before the hash is even computed; see
 * unlock-limiter for why others' failures never lock a clean client out) and
 * returns the cookie that remembers the unlock. Both outcomes are audited.
 */
export async function unlockLink(store: Store, slug: string, password: string, visitor: Visitor): Promise<UnlockResult> {
  const link = await findLiveLink(store, slug);
  if (!link.passwordHash) return { unlocked: true };
  const limiter = getUnlockLimiter();
  const attempt = { clientKey: visitor.clientKey, target: link.id };
  await limiter.admit({ ...attempt, exempt: await limiter.isClean(attempt) });
  if (!(await verifyPassword(link.passwordHash, password))) {
    await store.audit.record({ linkId: link.id, type: 'wrong_password', actor: visitorActor(visitor.fingerprint) });
    throw new ApiError('unauthorized:wrong_password', 'That password is not right.');
  }
  await limiter.succeeded(attempt);
  await store.audit.record({ linkId: link.id, type: 'unlocked', actor: visitorActor(visitor.fingerprint) });
  return { unlocked: true, cookie: await sealUnlock(link) };
}
