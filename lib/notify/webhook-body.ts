import type { ClaimedDelivery } from '../db/store';

/**
 * The JSON a webhook receives, in the Standard Webhooks shape
 * (`type`, `timestamp`, `data`). No token, password or slug: receivers get
 * the link's id and the editor's feedback page.
 */
export function webhookBodyOf(delivery: ClaimedDelivery, fileNames: ReadonlyMap<string, string>, feedbackUrl: string, at: Date): string {
  const { event, link } = delivery;
  const fileId = typeof event.payload.fileId === 'string' ? event.payload.fileId : link.fileId;
  return JSON.stringify({
    type: event.type,
    timestamp: at.toISOString(),
    data: {
      eventId: event.id,
      occurredAt: event.createdAt.toISOString(),
      link: { id: link.id, label: link.label, expiresAt: link.expiresAt?.toISOString() ?? null, feedbackUrl },
      file: { id: fileId, name: fileNames.get(fileId) ?? null },
      ...Object.fromEntries(Object.entries(event.payload).filter(([key]) => key !== 'fileId')),
    },
  });
}
