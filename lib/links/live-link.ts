import type { ShareLinkRecord, Store } from '../db/store';
import { linkGone, linkNotFound } from './link-errors';
import { linkStateOf } from './link-state';
import { isWellFormedSlug } from './slug';

/** The link behind a slug if it is live: 404 for unknown, 410 for expired or revoked. */
export async function findLiveLink(store: Store, slug: string): Promise<ShareLinkRecord> {
  if (!isWellFormedSlug(slug)) throw linkNotFound();
  const link = await store.links.findBySlug(slug);
  if (!link) throw linkNotFound();
  const state = linkStateOf(link);
  if (state !== 'active') throw linkGone(state);
  return link;
}
