import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { hashPassword } from '@/lib/auth/password-hash';
import { openDatabase } from '@/lib/db/open-database';
import { createStore } from '@/lib/db/store';
import { handleApiRequest } from '@/lib/http/json-response';
import { LOG_OPTIONS } from '@/lib/log';

/** Issue 11, finding 9: data files private, no SQL parameters or hashes in logs. */
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function modesUnder(root: string): { file: string; mode: number; dir: boolean }[] {
  const out: { file: string; mode: number; dir: boolean }[] = [];
  const walk = (target: string) => {
    const stat = lstatSync(target);
    out.push({ file: target, mode: stat.mode & 0o777, dir: stat.isDirectory() });
    if (stat.isDirectory()) for (const entry of readdirSync(target)) walk(path.join(target, entry));
  };
  walk(root);
  return out;
}

async function duplicateSlugError(): Promise<{ error: unknown; slug: string; passwordHash: string }> {
  const database = await openDatabase({});
  const store = createStore(database.db);
  const editor = await store.editors.create({ email: 'logs@example.test', passwordHash: await hashPassword('editor-password') });
  const passwordHash = await hashPassword('link-password');
  const link = { slug: 'SlugThatMustNotBeLogged0123456789', fileId: '1001', role: 'viewer' as const, allowDownload: false, expiresAt: null, passwordHash, label: null, createdBy: editor!.id };
  await store.links.create(link);
  try {
    await store.links.create(link);
    throw new Error('expected a unique violation');
  } catch (error) {
    return { error, slug: link.slug, passwordHash };
  } finally {
    await database.close();
  }
}

describe('secrets at rest and in logs (issue 11, finding 9)', () => {
  it('the embedded database files are 0600 and its folders 0700, even under a permissive umask', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'easel-perm-'));
    dirs.push(dataDir);
    const previous = process.umask(0);
    try {
      const database = await openDatabase({ dataDir });
      const store = createStore(database.db);
      await store.editors.create({ email: 'perm@example.test', passwordHash: await hashPassword('whatever-password') });
      await database.close();
    } finally {
      process.umask(previous);
    }
    const entries = modesUnder(dataDir);
    expect(entries.length).toBeGreaterThan(50);
    const open = entries.filter((entry) => (entry.mode & 0o077) !== 0).map((entry) => `${entry.file} ${entry.mode.toString(8)}`);
    expect(open).toEqual([]);
  });

  it('a failed query is logged without its parameters: no share slug, no argon2 hash', async () => {
    const { error, slug, passwordHash } = await duplicateSlugError();
    expect(String((error as Error).message)).toContain(slug); // the driver's message does carry them
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    const logger = pino(LOG_OPTIONS, sink);
    logger.error({ event: 'test', err: error }, 'failed');
    const output = lines.join('');
    expect(output).toContain('query failed');
    expect(output).toContain('23505');
    expect(output).not.toContain(slug);
    expect(output).not.toContain(passwordHash);
    expect(output).not.toContain('$argon2');
  });

  it('an unhandled database error in a route answers a generic 500 JSON without parameters', async () => {
    const { error, slug } = await duplicateSlugError();
    const response = await handleApiRequest(new Request('http://localhost/api/x'), async () => {
      throw error;
    });
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/json');
    const text = await response.text();
    expect(JSON.parse(text).error.code).toBe('internal:server');
    expect(text).not.toContain(slug);
  });
});
