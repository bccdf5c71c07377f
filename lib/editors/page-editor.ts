import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { currentEditor, type SignedInEditor } from '../auth/editor-session';
import { getCookieSession } from '../auth/session';
import { getStore } from '../db/get-store';

export interface PageEditor extends SignedInEditor {
  csrfToken: string;
}

/** The signed-in editor of a server-rendered page, if their session is live (read-only). */
export async function getPageEditor(): Promise<PageEditor | undefined> {
  const session = await getCookieSession(await cookies());
  if (!session.sid || !session.csrfToken) return undefined;
  const editor = await currentEditor(await getStore(), session);
  return editor ? { ...editor, csrfToken: session.csrfToken } : undefined;
}

/** For editor pages: the editor, or a redirect to sign in. */
export async function requirePageEditor(): Promise<PageEditor> {
  const editor = await getPageEditor();
  if (!editor) redirect('/editor/login');
  return editor;
}
