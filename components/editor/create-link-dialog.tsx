'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { patchJson, postJson } from '@/lib/client/api-client';
import { userMessageOf } from '@/lib/client/client-error';
import type { CommentVisibility, LinkRole } from '@/lib/db/store';
import type { DashboardLink } from '@/lib/editors/dashboard-data';
import { LocalTime } from '../common/local-time';
import { CopyField } from './copy-field';
import styles from './create-link-dialog.module.css';
import { FormError } from '@/components/common/form-error';

export interface ShareTarget {
  id: string;
  name: string;
}

/**
 * What the dialog does: share a file anew, share it again with an existing
 * link's settings (duplicate), or change an existing link (edit).
 */
export type LinkDialogMode = { kind: 'create'; target: ShareTarget } | { kind: 'duplicate'; link: DashboardLink } | { kind: 'edit'; link: DashboardLink };

const EXPIRY_CHOICES = [
  { value: 'never', label: 'Never' },
  { value: '1', label: 'In 1 hour' },
  { value: '24', label: 'In 1 day' },
  { value: '168', label: 'In 7 days' },
  { value: '720', label: 'In 30 days' },
  { value: 'custom', label: 'On a date…' },
] as const;

function expiryOf(choice: string, custom: string): string | null {
  if (choice === 'never') return null;
  if (choice === 'now') return new Date().toISOString();
  if (choice === 'custom') return custom ? new Date(custom).toISOString() : null;
  return new Date(Date.now() + Number(choice) * 3_600_000).toISOString();
}

type PasswordChoice = 'keep' | 'set' | 'remove';

interface SavedLink {
  url?: string;
  narrowed?: boolean;
  tokensRevoked?: number;
  boxConfirmed?: boolean;
  changed?: string[];
}

function titleOf(mode: LinkDialogMode): string {
  if (mode.kind === 'create') return `Share “${mode.target.name}”`;
  if (mode.kind === 'duplicate') return `Share “${mode.link.fileName}” again`;
  return `Edit the link for ${mode.link.label ?? `“${mode.link.fileName}”`}`;
}

function savedText(mode: LinkDialogMode, saved: SavedLink, expiry: string): string {
  if (mode.kind !== 'edit') return `The link is ready. Send it to the person it is for${expiry === 'never' ? '' : '; it stops working when it expires'}.`;
  if (!saved.changed?.length) return 'Nothing changed.';
  if (!saved.narrowed) return 'Saved. The new settings apply from the next time the link is opened.';
  if (saved.boxConfirmed === false) return 'Saved. Access was narrowed, but Box did not confirm every preview token of this link as revoked yet; they expire within the hour.';
  const revoked = saved.tokensRevoked ?? 0;
  return `Saved. Access was narrowed, so ${revoked === 1 ? 'the 1 preview token' : `the ${revoked} preview tokens`} already handed out for this link ${revoked === 1 ? 'was' : 'were'} revoked; open pages must load again under the new settings.`;
}

/**
 * The form an editor fills in to share a file (and, as a review set, more
 * gallery files after it, in the order they are picked), share it again with
 * a link's settings and files, or change a link; afterwards it says what
 * happened. A link's review-set files and reviewer settings are chosen when it
 * is created or duplicated; an edit keeps them.
 */
export function CreateLinkDialog({
  mode,
  others = [],
  csrfToken,
  onClose,
}: {
  mode: LinkDialogMode;
  /** Other gallery files that can join a new link as a review set. */
  others?: ShareTarget[];
  csrfToken: string;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const doneButton = useRef<HTMLButtonElement>(null);
  const router = useRouter();
  const existing = mode.kind === 'create' ? undefined : mode.link;
  const editing = mode.kind === 'edit';
  const [expiry, setExpiry] = useState<string>(editing ? 'keep' : '168');
  const [passwordChoice, setPasswordChoice] = useState<PasswordChoice>(editing ? 'keep' : 'set');
  const [role, setRole] = useState<LinkRole>(existing?.role === 'annotator' ? 'annotator' : 'viewer');
  // A view-only link hides comments unless the editor says otherwise ('view_self': a viewer has none of their own).
  const [viewerComments, setViewerComments] = useState<CommentVisibility>(existing?.role === 'viewer' ? existing.commentVisibility : 'view_self');
  const [extra, setExtra] = useState<ShareTarget[]>([]);
  const toggleExtra = (file: ShareTarget, checked: boolean) =>
    setExtra((current) => (checked ? [...current.filter((item) => item.id !== file.id), file] : current.filter((item) => item.id !== file.id)));
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<SavedLink>();
  const submitButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  // After saving, the form is gone: keep focus inside the dialog on its result.
  useEffect(() => {
    if (saved && !saved.url) doneButton.current?.focus();
  }, [saved]);

  /** The submit button was disabled while busy, which drops focus: put it back; the message is announced. */
  function fail(message: string) {
    setError(message);
    requestAnimationFrame(() => submitButton.current?.focus());
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const custom = String(form.get('customExpiry') ?? '');
    if (expiry === 'custom' && !custom) {
      fail('Pick the date and time the link should stop working.');
      return;
    }
    const allowDownload = form.get('allowDownload') === 'on';
    const password = String(form.get('password') ?? '');
    const label = String(form.get('label') ?? '').trim() || null;
    setBusy(true);
    setError(undefined);
    try {
      if (mode.kind === 'edit') {
        const changes: Record<string, unknown> = {};
        if (role !== mode.link.role) changes.role = role;
        if (role === 'viewer' && viewerComments !== mode.link.commentVisibility) changes.commentVisibility = viewerComments;
        if (allowDownload !== mode.link.allowDownload) changes.allowDownload = allowDownload;
        if (expiry !== 'keep') changes.expiresAt = expiryOf(expiry, custom);
        if (passwordChoice === 'set') changes.password = password;
        if (passwordChoice === 'remove') changes.password = null;
        if (label !== mode.link.label) changes.label = label;
        if (Object.keys(changes).length === 0) {
          setSaved({ changed: [] });
          return;
        }
        setSaved(await patchJson<SavedLink>(`/api/editor/links/${mode.link.id}`, changes, csrfToken));
      } else {
        const link = await postJson<{ url: string }>(
          '/api/editor/links',
          {
            fileId: mode.kind === 'create' ? mode.target.id : mode.link.fileId,
            ...(mode.kind === 'create' && extra.length > 0 ? { fileIds: [mode.target.id, ...extra.map((file) => file.id)] } : {}),
            role,
            ...(role === 'annotator'
              ? { requireEmail: form.get('requireEmail') === 'on', commentVisibility: form.get('commentVisibility') === 'view_self' ? 'view_self' : 'view_all' }
              : { commentVisibility: viewerComments }),
            allowDownload,
            expiresAt: expiryOf(expiry, custom),
            password: password || null,
            label,
            ...(mode.kind === 'duplicate' ? { duplicateOf: mode.link.id } : {}),
          },
          csrfToken,
        );
        setSaved({ url: link.url });
      }
      router.refresh();
    } catch (caught) {
      fail(userMessageOf(caught, 'Could not reach Easel. Try again.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog ref={dialog} className={styles.dialog} onClose={onClose} aria-labelledby="link-dialog-title">
      <h2 id="link-dialog-title" className={styles.title}>
        {titleOf(mode)}
        {extra.length > 0 ? ` and ${extra.length} more` : ''}
      </h2>
      {saved ? (
        <div className={styles.done}>
          <p role="status">{savedText(mode, saved, expiry)}</p>
          {saved.url ? <CopyField value={saved.url} label="Share link" autoFocus /> : null}
          <div className={styles.actions}>
            <button ref={doneButton} type="button" className="button" onClick={() => dialog.current?.close()}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form className={styles.form} onSubmit={onSubmit}>
          {mode.kind === 'duplicate' ? <p className={styles.hint}>A new link with the same settings, for someone else. Its password, if you want one, is new.</p> : null}
          <fieldset className={styles.roles}>
            <legend>They can</legend>
            <label>
              <input type="radio" name="role" value="viewer" checked={role === 'viewer'} onChange={() => setRole('viewer')} /> View the artwork
            </label>
            <label>
              <input type="radio" name="role" value="annotator" checked={role === 'annotator'} onChange={() => setRole('annotator')} /> View and add comments
            </label>
          </fieldset>
          {role === 'viewer' ? (
            <fieldset className={styles.roles} aria-describedby="viewer-comments-hint">
              <legend>Comments</legend>
              <label>
                <input type="radio" name="viewerComments" value="view_self" checked={viewerComments === 'view_self'} onChange={() => setViewerComments('view_self')} /> Hide
                comments (default)
              </label>
              <label>
                <input type="radio" name="viewerComments" value="view_all" checked={viewerComments === 'view_all'} onChange={() => setViewerComments('view_all')} /> Show
                everyone&apos;s comments
              </label>
              <small id="viewer-comments-hint" className={styles.hint}>
                Everyone&apos;s means every comment on the file, including those reviewers left privately through other links.
              </small>
            </fieldset>
          ) : null}
          {role === 'annotator' && !editing ? (
            <fieldset className={styles.roles}>
              <legend>Reviewers</legend>
              <label>
                <input type="radio" name="commentVisibility" value="view_all" defaultChecked={existing?.commentVisibility !== 'view_self'} /> See each other&apos;s
                comments
              </label>
              <label>
                <input type="radio" name="commentVisibility" value="view_self" defaultChecked={existing?.commentVisibility === 'view_self'} /> See only their own
                comments (private feedback)
              </label>
              <label className={styles.check}>
                <input type="checkbox" name="requireEmail" defaultChecked={existing?.requireEmail ?? false} /> Ask for an email address as well as a name
              </label>
            </fieldset>
          ) : null}
          {mode.kind === 'create' && others.length > 0 ? (
            <fieldset className={styles.roles}>
              <legend>Review set: also include</legend>
              <div className={styles.setChoices}>
                {others.map((file) => (
                  <label key={file.id}>
                    <input
                      type="checkbox"
                      checked={extra.some((item) => item.id === file.id)}
                      onChange={(event) => toggleExtra(file, event.target.checked)}
                    />{' '}
                    {file.name}
                  </label>
                ))}
              </div>
              {extra.length > 0 ? (
                <ol className={styles.setOrder} aria-label="Order of the review set">
                  {[mode.target, ...extra].map((file) => (
                    <li key={file.id}>{file.name}</li>
                  ))}
                </ol>
              ) : null}
            </fieldset>
          ) : null}
          <label className={styles.check}>
            <input type="checkbox" name="allowDownload" defaultChecked={existing?.allowDownload ?? false} /> Allow download and print
          </label>
          <label className={styles.field}>
            <span>Expires</span>
            <select name="expiry" value={expiry} onChange={(event) => setExpiry(event.target.value)}>
              {editing ? <option value="keep">Keep the current expiry</option> : null}
              {EXPIRY_CHOICES.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
              {editing ? <option value="now">Now (the link stops working)</option> : null}
            </select>
            {editing ? (
              <small className={styles.current}>
                Now: {mode.link.expiresAt ? <LocalTime iso={mode.link.expiresAt} /> : 'never expires'}
              </small>
            ) : null}
          </label>
          {expiry === 'custom' ? (
            <label className={styles.field}>
              <span>Stops working at</span>
              <input type="datetime-local" name="customExpiry" required />
            </label>
          ) : null}
          {editing ? (
            <label className={styles.field}>
              <span>Password</span>
              <select name="passwordChoice" value={passwordChoice} onChange={(event) => setPasswordChoice(event.target.value as PasswordChoice)}>
                <option value="keep">{mode.link.hasPassword ? 'Keep the current password' : 'No password'}</option>
                <option value="set">{mode.link.hasPassword ? 'Change the password' : 'Add a password'}</option>
                {mode.link.hasPassword ? <option value="remove">Remove the password</option> : null}
              </select>
            </label>
          ) : null}
          {passwordChoice === 'set' ? (
            <label className={styles.field}>
              <span>
                {editing ? 'New password' : 'Password'} <small>{editing ? '(at least 8 characters)' : '(optional, at least 8 characters)'}</small>
              </span>
              <input type="password" name="password" autoComplete="new-password" minLength={8} maxLength={200} required={editing} />
            </label>
          ) : null}
          <label className={styles.field}>
            <span>
              For <small>(optional label, only editors see it)</small>
            </span>
            <input type="text" name="label" maxLength={120} defaultValue={mode.kind === 'edit' ? (mode.link.label ?? '') : ''} placeholder="e.g. Ada at Northwind Gallery" />
          </label>
          <FormError message={error} />
          <div className={styles.actions}>
            <button type="button" className="button secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button ref={submitButton} type="submit" className="button" disabled={busy}>
              {busy ? 'Saving…' : editing ? 'Save changes' : 'Create link'}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
