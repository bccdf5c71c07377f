import 'server-only';
import { z } from 'zod';
import { getFile } from '../box/files';
import type { ShareLinkRecord, Store } from '../db/store';
import { linkNotFound } from '../links/link-errors';
import { linkStateOf, type LinkState } from '../links/link-state';
import { getAnnotationReader } from '../reviews/annotation-reader';
import { loadLinksFeedback, type LinkFeedback } from '../reviews/link-feedback';

export interface LinkFeedbackView {
  link: Pick<ShareLinkRecord, 'id' | 'label' | 'role' | 'commentVisibility' | 'requireEmail'> & { state: LinkState };
  files: Array<{ id: string; name: string }>;
  fileNames: Map<string, string>;
  feedback: LinkFeedback;
}

const LinkIdSchema = z.uuid();

/** One link's every comment (read from Box now) and decision, for its feedback page and CSV. */
export async function loadLinkFeedback(store: Store, rawLinkId: string): Promise<LinkFeedbackView> {
  const parsed = LinkIdSchema.safeParse(rawLinkId);
  if (!parsed.success) throw linkNotFound();
  const link = await store.links.findById(parsed.data);
  if (!link) throw linkNotFound();
  const feedback = (await loadLinksFeedback(store, getAnnotationReader(), [link])).get(link.id);
  if (!feedback) throw linkNotFound();
  const files = await Promise.all(
    feedback.files.map(async (id) => ({ id, name: (await getFile(id).catch(() => undefined))?.name ?? `File ${id}` })),
  );
  return {
    link: { id: link.id, label: link.label, role: link.role, commentVisibility: link.commentVisibility, requireEmail: link.requireEmail, state: linkStateOf(link) },
    files,
    fileNames: new Map(files.map((file) => [file.id, file.name])),
    feedback,
  };
}
