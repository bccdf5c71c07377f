import * as z from 'zod/mini';
import { toLocalTiming, type TokenTiming } from './token-schedule';

/** The JSON body of the token routes (`/api/files/:id/token`, `/api/links/:slug/token`). */
export const FileTokenPayloadSchema = z.object({
  accessToken: z.string().check(z.minLength(1)),
  expiresIn: z.number(),
  expiresAt: z.string(),
  fileId: z.string(),
  role: z.string(),
  scopes: z.array(z.string()),
});

export type FileTokenPayload = z.infer<typeof FileTokenPayloadSchema>;

/** A token as the browser keeps it: the payload plus its expiry on the local clock. */
export interface PreviewToken extends TokenTiming {
  accessToken: string;
  fileId: string;
  role: string;
  scopes: string[];
}

export function toPreviewToken(payload: FileTokenPayload, serverNow: number, localNow: number): PreviewToken {
  return {
    accessToken: payload.accessToken,
    fileId: payload.fileId,
    role: payload.role,
    scopes: payload.scopes,
    ...toLocalTiming(payload.expiresAt, serverNow, localNow),
  };
}

export interface PreviewPermissions {
  canAnnotate: boolean;
  canDownload: boolean;
}

/** What a token's scopes allow in the preview UI. */
export function permissionsOf(scopes: readonly string[]): PreviewPermissions {
  return { canAnnotate: scopes.includes('annotation_edit'), canDownload: scopes.includes('item_download') };
}
