import type { GoneReason } from '@/lib/links/link-state';

/** What a visitor sees for an expired or revoked link (served with status 410). */
export function LinkGone({ reason }: { reason: GoneReason }) {
  return (
    <section className="status-page" data-testid="link-gone" data-reason={reason}>
      <h1 className="page-title">{reason === 'expired' ? 'This link has expired' : 'This link is no longer available'}</h1>
      <p>
        {reason === 'expired'
          ? 'The person who shared this artwork set the link to stop working after a while.'
          : 'The person who shared this artwork has turned the link off.'}{' '}
        Ask them for a new link if you still need it.
      </p>
    </section>
  );
}
