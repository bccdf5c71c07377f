import { assertGalleryFile } from './gallery-policy';
import { hashPassword } from '../auth/password-hash';
import type { Store, ShareLinkRecord } from '../db/store';
import { ApiError } from '../http/api-error';
import { editorActor } from '../links/client-fingerprint';
import { linkNotFound } from '../links/link-errors';
import { MAX_LINK_LIFETIME_DAYS, type CreateLinkInput } from '../links/link-input';
import { newSlug } from '../links/slug';

export interface LinkCreator {
  editorId: string;
  email: string;
}

/** Creates a share link for a gallery file and records it in the audit log. */
/** A link may expire at most this far ahead; `allowPast` lets an edit end a link now. */
export function assertExpiryInRange(expiresAt: Date | null, now: Date, { allowPast = false } = {}): void {
  if (!expiresAt) return;
  if (!allowPast && expiresAt.getTime() <= now.getTime()) throw new ApiError('bad_request:expires_at', 'The expiry must be in the future.');
  if (expiresAt.getTime() - now.getTime() > MAX_LINK_LIFETIME_DAYS * 86_400_000) {
    throw new ApiError('bad_request:expires_at', `The expiry can be at most ${MAX_LINK_LIFETIME_DAYS} days ahead.`);
  }
}

export async function createShareLink(store: Store, editor: LinkCreator, input: CreateLinkInput, now: Date = new Date()): Promise<ShareLinkRecord> {
  assertExpiryInRange(input.expiresAt, now);
  if (input.duplicateOf && !(await store.links.findById(input.duplicateOf))) throw linkNotFound();
  await assertGalleryFile(input.fileId);
  const link = await store.links.create({
    slug: newSlug(),
    fileId: input.fileId,
    role: input.role,
    allowDownload: input.allowDownload,
    expiresAt: input.expiresAt,
    passwordHash: input.password ? await hashPassword(input.password) : null,
    label: input.label,
    createdBy: editor.editorId,
  });
  await store.audit.record({
    linkId: link.id,
    type: 'created',
    actor: editorActor(editor.email),
    detail: {
      fileId: link.fileId,
      role: link.role,
      allowDownload: link.allowDownload,
      password: link.passwordHash !== null,
      expiresAt: link.expiresAt?.toISOString() ?? null,
      ...(input.duplicateOf ? { duplicateOf: input.duplicateOf } : {}),
    },
  });
  return link;
}
