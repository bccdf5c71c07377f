import type { NotificationEventType } from '../db/store';
import type { NotificationPayload } from '../db/schema';
import { html, safe } from './html';

/**
 * Notification mail as plain text and HTML. The HTML is built with an
 * escaping template (every interpolated value is escaped: names, comments,
 * notes), not React: the worker runs in Next's instrumentation hook, where
 * react-dom/server is refused (react-server condition). A mail
 * names the artwork and links to the link's feedback page for editors; it
 * never carries a token, a password or a share-link slug.
 */
export interface MailEvent {
  type: NotificationEventType;
  payload: NotificationPayload;
  createdAt: Date;
}

export interface MailInput {
  events: readonly MailEvent[];
  /** Box file names by id (the artwork names); a missing name shows as "file <id>". */
  fileNames: ReadonlyMap<string, string>;
  linkFileId: string;
  linkLabel: string | null;
  /** The editor's feedback page for the link (an app URL without any secret). */
  feedbackUrl: string;
  digest: boolean;
}

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

interface Line {
  headline: string;
  quote?: string;
  at: Date;
}

const str = (value: NotificationPayload[string] | undefined): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function fileNameOf(input: MailInput, fileId: string | undefined): string {
  const id = fileId ?? input.linkFileId;
  return input.fileNames.get(id) ?? `file ${id}`;
}

function describe(input: MailInput, event: MailEvent): Line {
  const file = fileNameOf(input, str(event.payload.fileId));
  const who = str(event.payload.reviewerName);
  switch (event.type) {
    case 'link.viewed':
      return { headline: `${who ?? 'A new visitor'} opened ${file}`, at: event.createdAt };
    case 'comment.created':
      return { headline: `${who ?? 'A reviewer'} commented on ${file}`, quote: str(event.payload.message), at: event.createdAt };
    case 'decision.made':
      return {
        headline: `${who ?? 'A reviewer'} ${event.payload.decision === 'approved' ? 'approved' : 'requested changes on'} ${file}`,
        quote: str(event.payload.note),
        at: event.createdAt,
      };
    case 'link.expiring': {
      const expiresAt = str(event.payload.expiresAt);
      return { headline: `Your link to ${file} expires ${expiresAt ? `at ${formatTime(new Date(expiresAt))}` : 'within a day'}`, at: event.createdAt };
    }
  }
}

function formatTime(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Header values can't carry line breaks (a reviewer's name ends up in the subject). */
const oneLine = (text: string): string => text.replace(/[\r\n\t]+/g, ' ').trim();

export function renderNotificationMail(input: MailInput): MailContent {
  const lines = input.events.map((event) => describe(input, event));
  const linkName = input.linkLabel ? `“${input.linkLabel}”` : fileNameOf(input, input.linkFileId);
  const subject = oneLine(
    input.digest || lines.length > 1
      ? `${lines.length} update${lines.length === 1 ? '' : 's'} on your link ${linkName}`
      : (lines[0]?.headline ?? `Update on your link ${linkName}`),
  ).slice(0, 200);

  const textLines = [
    input.digest ? `What happened on your link ${linkName}:` : `News on your link ${linkName}:`,
    '',
    ...lines.flatMap((line) => [`- ${line.headline} (${formatTime(line.at)})`, ...(line.quote ? line.quote.split(/\r?\n/).map((row) => `    > ${row}`) : [])]),
    '',
    `See all feedback: ${input.feedbackUrl}`,
    '',
    'You get these mails because you shared this link from Easel. Choose every event, an hourly digest or nothing on the link in your dashboard.',
  ];

  const heading = input.digest ? `Updates on ${linkName}` : `News on ${linkName}`;
  const items = lines
    .map(
      (line, index) => html`<li style="padding:12px 0;${index === 0 ? '' : 'border-top:1px solid #e4e4e7;'}">
        <strong>${line.headline}</strong>
        <div style="font-size:13px;color:#52525b">${formatTime(line.at)}</div>
        ${line.quote ? html`<blockquote style="margin:8px 0 0;padding:8px 12px;border-left:3px solid #6366f1;background:#f8fafc;white-space:pre-wrap">${line.quote}</blockquote>` : safe('')}
      </li>`,
    )
    .map((item) => item.value)
    .join('');
  const page = html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${subject}</title>
  </head>
  <body style="margin:0;padding:24px;background:#f4f4f5;font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#18181b">
    <div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
      <p style="margin:0 0 4px;font-size:13px;color:#52525b">Easel</p>
      <h1 style="margin:0 0 16px;font-size:20px">${heading}</h1>
      <ul style="list-style:none;padding:0;margin:0 0 24px">${safe(items)}</ul>
      <p style="margin:0 0 24px">
        <a href="${input.feedbackUrl}" style="display:inline-block;background:#4f46e5;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none">See all feedback</a>
      </p>
      <p style="margin:0;font-size:12px;color:#71717a">You get these mails because you shared this link from Easel. Choose every event, an hourly digest or nothing on the link in your dashboard.</p>
    </div>
  </body>
</html>`;

  return { subject, text: textLines.join('\n'), html: page.value };
}
