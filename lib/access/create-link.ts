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

/**
 * Creates a share link for one gallery file or a review set and records it in
 * the audit log. A duplicate (`duplicateOf`) takes the original's files when
 * the input names none of its own.
 */
export async function createShareLink(store: Store, editor: LinkCreator, input: CreateLinkInput, now: Date = new Date()): Promise<ShareLinkRecord> {
  assertExpiryInRange(input.expiresAt, now);
  let fileIds = input.fileIds ?? [input.fileId];
  if (input.duplicateOf) {
    const original = await store.links.findById(input.duplicateOf);
    if (!original) throw linkNotFound();
    if (!input.fileIds && original.fileId === input.fileId) fileIds = await store.links.filesOf(original.id);
  }
  // Every file must be a gallery file; one that is not (or does not exist) fails the whole link.
  for (const fileId of fileIds) await assertGalleryFile(fileId);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  // The link, its files and its 'created' audit row land together or not at all.
  return store.transaction(async (tx) => {
    const link = await tx.links.create({
      slug: newSlug(),
      fileId: input.fileId,
      fileIds,
      requireEmail: input.requireEmail,
      commentVisibility: input.commentVisibility,
      role: input.role,
      allowDownload: input.allowDownload,
      expiresAt: input.expiresAt,
      passwordHash,
      label: input.label,
      createdBy: editor.editorId,
    });
    await tx.audit.record({
      linkId: link.id,
      type: 'created',
      actor: editorActor(editor.email),
      detail: {
        fileId: link.fileId,
        files: fileIds.length,
        role: link.role,
        commentVisibility: link.commentVisibility,
        allowDownload: link.allowDownload,
        password: link.passwordHash !== null,
        expiresAt: link.expiresAt?.toISOString() ?? null,
        ...(input.duplicateOf ? { duplicateOf: input.duplicateOf } : {}),
      },
    });
    return link;
  });
}
