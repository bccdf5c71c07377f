import { eq, type InferSelectModel } from 'drizzle-orm';
import type { Database } from '../database';
import { editors, editorSessions, shareLinks } from '../schema';

export type EditorRecord = InferSelectModel<typeof editors>;

export interface EditorStore {
  /** Undefined when an editor with that email already exists. */
  create(input: { email: string; passwordHash: string }): Promise<EditorRecord | undefined>;
  findByEmail(email: string): Promise<EditorRecord | undefined>;
  findById(id: string): Promise<EditorRecord | undefined>;
  /** Changes the password and ends every session of the editor, in one transaction. */
  setPasswordHash(id: string, passwordHash: string): Promise<void>;
  /**
   * Removes an editor and ends their sessions. An editor who created share
   * links is kept for the links' history but can no longer sign in ('disabled').
   */
  remove(id: string): Promise<'removed' | 'disabled'>;
}

/** Never a valid argon2 hash: verification always fails. */
export const DISABLED_PASSWORD_HASH = '!disabled';

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export function createEditorStore(db: Database): EditorStore {
  return {
    async create({ email, passwordHash }) {
      const rows = await db
        .insert(editors)
        .values({ email: normalizeEmail(email), passwordHash })
        .onConflictDoNothing({ target: editors.email })
        .returning();
      return rows[0];
    },
    async findByEmail(email) {
      const rows = await db.select().from(editors).where(eq(editors.email, normalizeEmail(email))).limit(1);
      return rows[0];
    },
    async findById(id) {
      const rows = await db.select().from(editors).where(eq(editors.id, id)).limit(1);
      return rows[0];
    },
    async setPasswordHash(id, passwordHash) {
      await db.transaction(async (tx) => {
        await tx.update(editors).set({ passwordHash }).where(eq(editors.id, id));
        await tx.delete(editorSessions).where(eq(editorSessions.editorId, id));
      });
    },
    async remove(id) {
      return db.transaction(async (tx) => {
        await tx.delete(editorSessions).where(eq(editorSessions.editorId, id));
        const links = await tx.select({ id: shareLinks.id }).from(shareLinks).where(eq(shareLinks.createdBy, id)).limit(1);
        if (links.length > 0) {
          await tx.update(editors).set({ passwordHash: DISABLED_PASSWORD_HASH }).where(eq(editors.id, id));
          return 'disabled' as const;
        }
        await tx.delete(editors).where(eq(editors.id, id));
        return 'removed' as const;
      });
    },
  };
}
