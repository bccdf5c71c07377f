import { FetchOptions } from 'box-node-sdk/networking';
import 'server-only';
import { z } from 'zod';
import { log } from '../log';
import { timeBoxCall } from '../metrics/registry';
import type { BoxConnection } from './connection';
import { describeBoxFailure, toApiError } from './upstream-error';

/**
 * Reads a file's annotations with the app's own (parent) token, which sees
 * every annotation whoever made it. Box's public OpenAPI has no annotations
 * endpoint; this is the API Box Preview's annotations use (box-annotations
 * through box-ui-elements' `api/Annotations`):
 * `GET /2.0/undoc/annotations?file_id=&file_version_id=&limit=&marker=` →
 * `{ entries, limit, next_marker }`, each entry `{ id, type: "annotation",
 * description: { message }, target: { type, location: { type: "page", value }, x?, y? },
 * file_version: { id }, created_by: { id, name }, created_at, modified_at }`.
 */
export interface FileAnnotation {
  id: string;
  fileId: string;
  fileVersionId: string | null;
  message: string;
  /** Box's created_by.id: for an annotator token, Easel's reviewer id. */
  authorId: string;
  authorName: string;
  createdAt: string;
  modifiedAt: string;
  /** 1-based page (or frame) the annotation is on. */
  page: number;
  targetType: string;
}

const PAGE_LIMIT = 1000;
/** Bounds the paging loop whatever Box answers. */
const MAX_PAGES = 20;

const WireAnnotation = z.object({
  id: z.coerce.string(),
  description: z.object({ message: z.string() }).partial().nullish(),
  target: z.object({ type: z.string(), location: z.object({ value: z.number() }).partial().nullish() }).partial().nullish(),
  file_version: z.object({ id: z.coerce.string() }).nullish(),
  created_by: z.object({ id: z.coerce.string(), name: z.string().nullish() }).nullish(),
  created_at: z.string().nullish(),
  modified_at: z.string().nullish(),
});
const WirePage = z.object({ entries: z.array(z.unknown()), next_marker: z.string().nullish() });

function toFileAnnotation(fileId: string, raw: unknown): FileAnnotation | undefined {
  const parsed = WireAnnotation.safeParse(raw);
  if (!parsed.success) return undefined;
  const wire = parsed.data;
  return {
    id: wire.id,
    fileId,
    fileVersionId: wire.file_version?.id ?? null,
    message: wire.description?.message ?? '',
    authorId: wire.created_by?.id ?? '',
    authorName: wire.created_by?.name ?? '',
    createdAt: wire.created_at ?? '',
    modifiedAt: wire.modified_at ?? wire.created_at ?? '',
    page: wire.target?.location?.value ?? 1,
    targetType: wire.target?.type ?? 'unknown',
  };
}

/** Every annotation on the file (all versions unless one is given), oldest first as Box lists them. */
export async function readFileAnnotations(connection: BoxConnection, fileId: string, fileVersionId?: string): Promise<FileAnnotation[]> {
  const session = connection.networkSession;
  const started = Date.now();
  const annotations: FileAnnotation[] = [];
  let marker: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const params: Record<string, string> = { file_id: fileId, limit: String(PAGE_LIMIT) };
      if (fileVersionId) params['file_version_id'] = fileVersionId;
      if (marker) params['marker'] = marker;
      const response = await timeBoxCall(
        'annotations',
        () =>
          session.networkClient.fetch(
            new FetchOptions({
              url: `${connection.baseUrls.baseUrl}/2.0/undoc/annotations`,
              method: 'GET',
              params,
              auth: connection.auth,
              responseFormat: 'json',
              networkSession: session,
            }),
          ),
        { status: (answer) => answer.status },
      );
      const body = WirePage.parse(response.data);
      for (const entry of body.entries) {
        const annotation = toFileAnnotation(fileId, entry);
        if (annotation) annotations.push(annotation);
      }
      marker = body.next_marker ?? undefined;
      if (!marker) break;
    }
  } catch (error) {
    const failure = describeBoxFailure(error);
    log.warn({ event: 'box.annotations.read_failed', fileId, ms: Date.now() - started, box: failure }, 'annotations read failed');
    throw toApiError(error);
  }
  log.debug({ event: 'box.annotations.read', fileId, count: annotations.length, ms: Date.now() - started }, 'annotations read');
  return annotations;
}
