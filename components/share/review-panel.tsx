'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { FormError } from '@/components/common/form-error';
import { LocalTime } from '@/components/common/local-time';
import { fetchCsrfToken, postJson } from '@/lib/client/api-client';
import { ClientApiError, userMessageOf } from '@/lib/client/client-error';
import type { Decision } from '@/lib/db/store';
import { takeReviewerNamed } from './review-focus';
import { ReviewerNameForm } from './reviewer-name-form';
import styles from './review.module.css';

export interface CurrentDecision {
  decision: Decision;
  note: string | null;
  decidedAt: string;
}

export interface ReviewPanelProps {
  slug: string;
  file: { id: string; name: string };
  reviewer: { name: string; email: string | null };
  requireEmail: boolean;
  decision: CurrentDecision | undefined;
}

const LABEL: Record<Decision, string> = { approved: 'Approved', changes_requested: 'Changes requested' };
/** The server's limit too (lib/reviews/review-input.ts). */
const MAX_NOTE = 1000;

/** What takes focus after the panel changes, so it is never dropped on <body>. */
type FocusTarget = 'who' | 'changeName' | 'decided' | 'changeDecision' | 'note' | 'linkOff';

/** Who is reviewing (and a way to rename), and their decision on the file shown, which they can change. */
export function ReviewPanel({ slug, file, reviewer, requireEmail, decision }: ReviewPanelProps) {
  const router = useRouter();
  const [renaming, setRenaming] = useState(false);
  const [current, setCurrent] = useState(decision);
  const [editing, setEditing] = useState(!decision);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [linkOff, setLinkOff] = useState<string>();
  const [focusTarget, setFocusTarget] = useState<FocusTarget>();
  const who = useRef<HTMLParagraphElement>(null);
  const changeName = useRef<HTMLButtonElement>(null);
  const decided = useRef<HTMLDivElement>(null);
  const changeDecision = useRef<HTMLButtonElement>(null);
  const noteField = useRef<HTMLTextAreaElement>(null);
  const offNotice = useRef<HTMLElement>(null);

  // Just named on the form this panel replaced: focus says who is reviewing.
  useEffect(() => {
    if (takeReviewerNamed()) setFocusTarget('who');
  }, []);

  // Once the element of a new state is rendered, it takes focus.
  useEffect(() => {
    if (!focusTarget) return;
    const targets = { who, changeName, decided, changeDecision, note: noteField, linkOff: offNotice };
    targets[focusTarget].current?.focus();
    setFocusTarget(undefined);
  }, [focusTarget]);

  function endRenaming(target: FocusTarget) {
    setRenaming(false);
    setFocusTarget(target);
  }

  function editDecision(on: boolean) {
    setEditing(on);
    setFocusTarget(on ? 'note' : 'changeDecision');
  }

  async function decide(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const value = submitter?.value === 'changes_requested' ? 'changes_requested' : 'approved';
    const note = String(new FormData(event.currentTarget).get('note') ?? '');
    setBusy(true);
    setError(undefined);
    try {
      const saved = await postJson<CurrentDecision>(
        `/api/links/${encodeURIComponent(slug)}/decisions`,
        { fileId: file.id, decision: value, note: note || null },
        await fetchCsrfToken(),
      );
      setCurrent(saved);
      setEditing(false);
      setFocusTarget('decided');
      router.refresh();
    } catch (caught) {
      if (caught instanceof ClientApiError && caught.status === 410) {
        setLinkOff(caught.message);
        setFocusTarget('linkOff');
      } else {
        setError(userMessageOf(caught, 'Could not reach Easel. Try again.'));
        // The disabled buttons dropped focus: back to the note, ready for another try (the alert is announced).
        requestAnimationFrame(() => noteField.current?.focus());
      }
    } finally {
      setBusy(false);
    }
  }

  if (linkOff) {
    return (
      <aside ref={offNotice} className={styles.panel} role="alert" data-testid="link-off" tabIndex={-1}>
        <p className={styles.panelTitle}>{linkOff}</p>
        <p className={styles.muted}>Your comments and decisions so far have reached them.</p>
      </aside>
    );
  }

  return (
    <aside className={styles.panel} aria-label="Your review" data-testid="review-panel">
      {renaming ? (
        <ReviewerNameForm slug={slug} requireEmail={requireEmail} current={reviewer} onCancel={() => endRenaming('changeName')} onSaved={() => endRenaming('who')} />
      ) : (
        <p ref={who} className={styles.who} tabIndex={-1} data-testid="reviewing-as">
          Reviewing as <strong data-testid="reviewer-name">{reviewer.name}</strong>{' '}
          <button ref={changeName} type="button" className={styles.linkButton} onClick={() => setRenaming(true)}>
            Change
          </button>
        </p>
      )}
      <h2 className={styles.panelTitle}>Your decision on “{file.name}”</h2>
      {current && !editing ? (
        <div ref={decided} className={styles.decided} data-testid="current-decision" data-decision={current.decision} tabIndex={-1}>
          <p>
            <strong className={current.decision === 'approved' ? styles.approvedText : styles.changesText}>{LABEL[current.decision]}</strong>{' '}
            <span className={styles.muted}>
              · <LocalTime iso={current.decidedAt} />
            </span>
          </p>
          {current.note ? <p className={styles.note}>{current.note}</p> : null}
          <button ref={changeDecision} type="button" className="button secondary" onClick={() => editDecision(true)}>
            Change decision
          </button>
        </div>
      ) : (
        <form className={styles.decisionForm} onSubmit={decide}>
          <label className={styles.noteField}>
            <span>Note (optional)</span>
            <textarea ref={noteField} name="note" rows={2} maxLength={MAX_NOTE} defaultValue={current?.note ?? ''} placeholder="What should change, or why it works" />
          </label>
          <FormError message={error} />
          <div className={styles.decisionButtons}>
            <button type="submit" name="decision" value="approved" className="button" disabled={busy}>
              Approve
            </button>
            <button type="submit" name="decision" value="changes_requested" className="button secondary" disabled={busy}>
              Request changes
            </button>
            {current ? (
              <button type="button" className={styles.linkButton} onClick={() => editDecision(false)}>
                Keep “{LABEL[current.decision]}”
              </button>
            ) : null}
          </div>
        </form>
      )}
    </aside>
  );
}
