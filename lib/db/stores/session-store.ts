import { and, eq, gt, lt } from 'drizzle-orm';
import type { Database } from '../database';
import { editors, editorSessions } from '../schema';

export interface EditorSessionRecord {
  idHash: string;
  editorId: string;
  email: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface SessionStore {
  create(input: { idHash: string; editorId: string; expiresAt: Date; at?: Date }): Promise<void>;
  /** The live session with its editor's current email; undefined once ended, expired or the editor is gone. */
  find(idHash: string, now?: Date): Promise<EditorSessionRecord | undefined>;
  touch(idHash: string, at?: Date): Promise<void>;
  delete(idHash: string): Promise<void>;
  /** Ends every session of an editor; the number ended. */
  deleteForEditor(editorId: string): Promise<number>;
  /** Removes sessions past their absolute end or idle since before `idleBefore`. */
  prune(input: { now?: Date; idleBefore: Date }): Promise<number>;
}

export function createSessionStore(db: Database): SessionStore {
  return {
    async create({ idHash, editorId, expiresAt, at = new Date() }) {
      await db.insert(editorSessions).values({ idHash, editorId, expiresAt, createdAt: at, lastSeenAt: at });
    },
    async find(idHash, now = new Date()) {
      const rows = await db
        .select({ session: editorSessions, email: editors.email })
        .from(editorSessions)
        .innerJoin(editors, eq(editors.id, editorSessions.editorId))
        .where(and(eq(editorSessions.idHash, idHash), gt(editorSessions.expiresAt, now)))
        .limit(1);
      const row = rows[0];
      return row ? { ...row.session, email: row.email } : undefined;
    },
    async touch(idHash, at = new Date()) {
      await db.update(editorSessions).set({ lastSeenAt: at }).where(eq(editorSessions.idHash, idHash));
    },
    async delete(idHash) {
      await db.delete(editorSessions).where(eq(editorSessions.idHash, idHash));
    },
    async deleteForEditor(editorId) {
      const rows = await db.delete(editorSessions).where(eq(editorSessions.editorId, editorId)).returning({ idHash: editorSessions.idHash });
      return rows.length;
    },
    async prune({ now = new Date(), idleBefore }) {
      const expired = await db.delete(editorSessions).where(lt(editorSessions.expiresAt, now)).returning({ idHash: editorSessions.idHash });
      const idle = await db.delete(editorSessions).where(lt(editorSessions.lastSeenAt, idleBefore)).returning({ idHash: editorSessions.idHash });
      return expired.length + idle.length;
    },
  };
}
