import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { getCookieSession } from '../auth/session';
import type { SignedInEditor } from './editor-request';

export interface PageEditor extends SignedInEditor {
  csrfToken: string;
}

/** The signed-in editor of a server-rendered page, if any (read-only). */
export async function getPageEditor(): Promise<PageEditor | undefined> {
  const session = await getCookieSession(await cookies());
  if (!session.editorId || !session.email || !session.csrfToken) return undefined;
  return { editorId: session.editorId, email: session.email, csrfToken: session.csrfToken };
}

/** For editor pages: the editor, or a redirect to sign in. */
export async function requirePageEditor(): Promise<PageEditor> {
  const editor = await getPageEditor();
  if (!editor) redirect('/editor/login');
  return editor;
}
