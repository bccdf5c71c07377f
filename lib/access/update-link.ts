import { hashPassword } from '../auth/password-hash';
import type { AuditDetail, ShareLinkChanges, ShareLinkRecord, Store } from '../db/store';
import { editorActor } from '../links/client-fingerprint';
import { linkGone, linkNotFound } from '../links/link-errors';
import type { UpdateLinkInput } from '../links/link-input';
import { assertExpiryInRange } from './create-link';
import { forgetExpiryRevocation } from './expiry-revocation';
import { revokeMintedTokens, type MintedTokensOutcome } from './revoke-link';
import type { LinkRevocationReport } from './token-service';

export interface UpdateOutcome {
  link: ShareLinkRecord;
  /** Names of the settings that changed (empty when the request changed nothing). */
  changed: string[];
  /** True when the change narrowed access, so tokens already handed out were revoked. */
  narrowed: boolean;
  tokensRevoked: number;
  tokensFailed: number;
  boxConfirmed: boolean;
}

type PasswordChange = 'set' | 'changed' | 'removed';

/**
 * Whether a change takes away something a holder of the link could do:
 * a lower role, fewer comments shown (everyone's → only one's own, or none on
 * a view-only link), no more download, a password where there was none or a
 * new one (those who knew the old one must give the new one), an earlier expiry.
 */
function narrows(before: ShareLinkRecord, after: ShareLinkRecord, password: PasswordChange | undefined): boolean {
  if (before.role === 'annotator' && after.role === 'viewer') return true;
  if (before.commentVisibility === 'view_all' && after.commentVisibility === 'view_self') return true;
  if (before.allowDownload && !after.allowDownload) return true;
  if (password === 'set' || password === 'changed') return true;
  if (after.expiresAt && (!before.expiresAt || after.expiresAt.getTime() < before.expiresAt.getTime())) return true;
  return false;
}

/**
 * Changes a live link's settings. Every change is audited (never the password
 * itself); the token route reads the link afresh on every request, and a
 * change that narrows access also revokes at Box the tokens already handed
 * out for it, as revoking does.
 */
export interface UpdateOptions {
  now?: Date;
  /** Revokes the tokens handed out for a link (default: this process's token service). */
  revokeTokens?: (linkId: string) => Promise<LinkRevocationReport>;
}

export async function updateShareLink(store: Store, editor: { email: string }, linkId: string, input: UpdateLinkInput, options: UpdateOptions = {}): Promise<UpdateOutcome> {
  const now = options.now ?? new Date();
  const before = await store.links.findById(linkId);
  if (!before) throw linkNotFound();
  if (before.revokedAt) throw linkGone('revoked');

  const changes: ShareLinkChanges = {};
  const detail: AuditDetail = {};
  if (input.role !== undefined && input.role !== before.role) {
    changes.role = input.role;
    detail.role = input.role;
  }
  if (input.commentVisibility !== undefined && input.commentVisibility !== before.commentVisibility) {
    changes.commentVisibility = input.commentVisibility;
    detail.commentVisibility = input.commentVisibility;
  }
  if (input.allowDownload !== undefined && input.allowDownload !== before.allowDownload) {
    changes.allowDownload = input.allowDownload;
    detail.allowDownload = input.allowDownload;
  }
  if (input.expiresAt !== undefined && input.expiresAt?.getTime() !== before.expiresAt?.getTime()) {
    assertExpiryInRange(input.expiresAt, now, { allowPast: true });
    changes.expiresAt = input.expiresAt;
    detail.expiresAt = input.expiresAt?.toISOString() ?? null;
  }
  if (input.label !== undefined && input.label !== before.label) {
    changes.label = input.label;
    detail.label = input.label;
  }
  let password: PasswordChange | undefined;
  if (input.password === null && before.passwordHash !== null) password = 'removed';
  else if (input.password) password = before.passwordHash ? 'changed' : 'set';
  if (password) {
    changes.passwordHash = input.password ? await hashPassword(input.password) : null;
    detail.password = password;
  }

  const changed = Object.keys(detail);
  if (changed.length === 0) return { link: before, changed, narrowed: false, tokensRevoked: 0, tokensFailed: 0, boxConfirmed: true };

  // The change and its audit row land together or not at all; tokens are revoked at Box only once
  // the change is committed, so the token route already refuses what the edit took away.
  // Box's answer to that revocation is in the outcome and the route's log line, not in the audit row.
  const after = await store.transaction(async (tx) => {
    const updated = await tx.links.update(linkId, changes);
    if (!updated) throw linkGone('revoked');
    await tx.audit.record({ linkId, type: 'updated', actor: editorActor(editor.email), detail: { ...detail, narrowed: narrows(before, updated, password) } });
    return updated;
  });
  const narrowed = narrows(before, after, password);
  if (changes.expiresAt !== undefined) forgetExpiryRevocation(linkId);
  const unchanged: MintedTokensOutcome = { tokensRevoked: 0, tokensFailed: 0, boxConfirmed: true };
  const { tokensRevoked, tokensFailed, boxConfirmed } = narrowed ? await revokeMintedTokens(linkId, options.revokeTokens) : unchanged;
  return { link: after, changed, narrowed, tokensRevoked, tokensFailed, boxConfirmed };
}
