import { eq, type InferSelectModel } from 'drizzle-orm';
import type { Database } from '../database';
import { editors } from '../schema';

export type EditorRecord = InferSelectModel<typeof editors>;

export interface EditorStore {
  /** Undefined when an editor with that email already exists. */
  create(input: { email: string; passwordHash: string }): Promise<EditorRecord | undefined>;
  findByEmail(email: string): Promise<EditorRecord | undefined>;
  findById(id: string): Promise<EditorRecord | undefined>;
  setPasswordHash(id: string, passwordHash: string): Promise<void>;
}

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
      await db.update(editors).set({ passwordHash }).where(eq(editors.id, id));
    },
  };
}
