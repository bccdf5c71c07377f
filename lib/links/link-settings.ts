import { z } from 'zod';
import type { ShareLinkRecord } from '../db/store';
import { ApiError } from '../http/api-error';

/** A link's settings as the editor API answers them (never its password hash). */
export function linkSettingsJson(link: ShareLinkRecord) {
  return {
    id: link.id,
    fileId: link.fileId,
    role: link.role,
    requireEmail: link.requireEmail,
    commentVisibility: link.commentVisibility,
    allowDownload: link.allowDownload,
    expiresAt: link.expiresAt?.toISOString() ?? null,
    hasPassword: link.passwordHash !== null,
    label: link.label,
  };
}

const LinkIdSchema = z.uuid();

/** The `:linkId` of an editor link route; anything but a UUID is an unknown link. */
export async function linkIdParam(params: Promise<{ linkId: string }>): Promise<string> {
  const linkId = LinkIdSchema.safeParse((await params).linkId);
  if (!linkId.success) throw new ApiError('not_found:link', 'There is no such link.');
  return linkId.data;
}
