'use client';

import Link from 'next/link';
import { useCallback, useMemo, useRef, useState } from 'react';
import { isTokenRejection, type PreviewFailure } from '@/lib/client/preview-failure';
import { toPreviewToken, type FileTokenPayload, type PreviewPermissions } from '@/lib/client/preview-token';
import type { PreviewHosts } from '@/lib/client/preview-hosts';
import type { PreviewFileWire } from '@/lib/box/types';
import { confirmComments } from '@/lib/client/confirm-comments';
import { useBoxToken } from '@/lib/client/use-box-token';
import { BoxPreview } from './box-preview';
import { PreviewSkeleton } from './preview-skeleton';
import { TokenNotice } from './token-notice';
import './preview-layout.css';
import styles from './preview-screen.module.css';

/** A token the server fetched while rendering the page, and the server's clock at that moment. */
export type ServerToken = FileTokenPayload & { serverTime: number };

export interface PreviewScreenProps {
  fileId: string;
  fileName: string;
  /** Where fresh tokens come from: `/api/files/:id/token` or `/api/links/:slug/token`. */
  tokenUrl: string;
  initialToken?: ServerToken;
  permissions: PreviewPermissions;
  /** The file as ContentPreview would fetch it, read by the server: the browser skips that request. */
  previewFile?: PreviewFileWire;
  previewHosts: PreviewHosts;
  /** Where the back link goes; none when omitted (e.g. a share link page). */
  backHref?: string;
  /**
   * A reviewer's page: where to say "I just commented on this file", so the
   * server reads Box now and the editor hears of it (see confirmComments).
   */
  commentConfirmUrl?: string;
}

type LoadState = 'loading' | 'loaded' | 'failed';

/** Navigation can't have started before the page's own request: bound the transit we assume. */
const MAX_ASSUMED_TRANSIT_MS = 2_000;

const ROLE_LABELS: Record<string, string> = { viewer: 'View only', annotator: 'Can comment', editor: 'Editor' };

function roleLabelOf(role: string | undefined, permissions: PreviewPermissions): string {
  return (role && ROLE_LABELS[role]) ?? (permissions.canAnnotate ? 'Can comment' : 'View only');
}

/** The whole preview experience for one file: title bar, token notices, and Box's ContentPreview. */
export function PreviewScreen({ fileId, fileName, tokenUrl, initialToken, permissions, previewFile, previewHosts, backHref, commentConfirmUrl }: PreviewScreenProps) {
  const initial = useMemo(
    () =>
      initialToken
        ? toPreviewToken(initialToken, initialToken.serverTime, Date.now() - Math.min(performance.now(), MAX_ASSUMED_TRANSIT_MS))
        : undefined,
    // The server token only seeds the first render; later ones come from SWR.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  const { getToken, problem, retry, reportRejected } = useBoxToken(tokenUrl, initial);
  const token = useCallback(() => getToken(), [getToken]);
  const [state, setState] = useState<LoadState>('loading');
  const [attempt, setAttempt] = useState(0);
  /** One automatic reload per successful load, so a preview that keeps failing can't loop. */
  const autoReloadedRef = useRef(false);

  const remount = () => {
    setState('loading');
    setAttempt((value) => value + 1);
  };

  const reload = () => {
    retry();
    remount();
  };

  const onCommentPosted = useCallback(() => {
    if (commentConfirmUrl) void confirmComments(commentConfirmUrl, fileId);
  }, [commentConfirmUrl, fileId]);

  const onPreviewError = (failure: PreviewFailure) => {
    if (!isTokenRejection(failure)) {
      // With the server's file object the preview skipped its own metadata request, the one
      // that tells a refused token from other failures (an image's failed load can't): retry
      // once the ordinary way before showing an error.
      if (attempt === 0 && previewFile && state !== 'loaded') {
        remount();
        return;
      }
      setState('failed');
      return;
    }
    // Box refused the token (revoked early): have it replaced. An open preview keeps
    // its view and uses the new token on its next request; one that failed to load
    // is loaded again once, with the new token.
    if (state === 'loaded') {
      void reportRejected();
      return;
    }
    void reportRejected().then((replaced) => {
      if (replaced && !autoReloadedRef.current) {
        autoReloadedRef.current = true;
        remount();
      } else {
        setState('failed');
      }
    });
  };

  return (
    <section className={`${styles.screen} easel-preview-screen`} aria-labelledby="preview-title" data-file-id={fileId}>
      <div className={styles.bar}>
        {backHref ? (
          <Link href={backHref} className={styles.back}>
            <span aria-hidden="true">←</span> Gallery
          </Link>
        ) : null}
        <h1 id="preview-title" className={styles.title} title={fileName}>
          {fileName}
        </h1>
        <span className={styles.badge}>{roleLabelOf(initialToken?.role, permissions)}</span>
      </div>
      {problem ? <TokenNotice problem={problem} onRetry={retry} /> : null}
      <div className={styles.stage} data-testid="preview-stage" data-preview-state={state}>
        <BoxPreview
          key={attempt}
          fileId={fileId}
          token={token}
          // Only the first mount: a reload after a failure asks Box afresh.
          prefetchedFile={attempt === 0 ? previewFile : undefined}
          hosts={previewHosts}
          permissions={permissions}
          onLoad={() => {
            performance.mark('easel:preview-load');
            autoReloadedRef.current = false;
            setState('loaded');
          }}
          onError={onPreviewError}
          onCommentPosted={onCommentPosted}
        />
        {state === 'loading' ? <PreviewSkeleton /> : null}
        {state === 'failed' ? (
          <div className={styles.failure} role="alert">
            <p className={styles.failureTitle}>The preview didn&apos;t load.</p>
            <p className={styles.failureText}>Box may be busy or your access may have lapsed.</p>
            <button type="button" className="button" onClick={reload}>
              Try again
            </button>
          </div>
        ) : null}
      </div>
    </section>
  );
}
