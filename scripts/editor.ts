/**
 * Manages editor accounts: `npm run editor -- add <email>` and
 * `npm run editor -- set-password <email>` (ends the editor's sessions) and
 * `npm run editor -- remove <email>`. The password is always read from
 * the terminal with echo off (or from stdin when piped), never from argv.
 */
import path from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { hashPassword } from '../lib/auth/password-hash';
import { getEnv } from '../lib/config/env';
import { openDatabase } from '../lib/db/open-database';
import { createStore } from '../lib/db/store';

const MIN_PASSWORD_LENGTH = 10;
const USAGE = 'Usage: npm run editor -- add <email>\n       npm run editor -- set-password <email>\n       npm run editor -- remove <email>';

const ArgsSchema = z.tuple([z.enum(['add', 'set-password', 'remove']), z.string().trim().max(254).pipe(z.email())]);

/** Reads one line with the terminal's echo off. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const output = rl as unknown as { _writeToOutput: (text: string) => void };
    let prompted = false;
    output._writeToOutput = (text: string) => {
      if (!prompted) {
        process.stdout.write(text);
        prompted = true;
      }
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    rl.on('SIGINT', () => {
      rl.close();
      reject(new Error('cancelled'));
    });
  });
}

/** Piped input (scripts, CI): the first two lines are the password and its confirmation. */
async function readPipedLines(): Promise<string[]> {
  const lines: string[] = [];
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    lines.push(line);
    if (lines.length === 2) break;
  }
  rl.close();
  return lines;
}

async function readNewPassword(): Promise<string> {
  let password: string;
  let confirmation: string;
  if (process.stdin.isTTY) {
    password = await promptHidden('New password: ');
    confirmation = await promptHidden('Repeat it: ');
  } else {
    const [first = '', second = first] = await readPipedLines();
    password = first;
    confirmation = second;
  }
  if (password !== confirmation) throw new Error('The passwords do not match.');
  if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`The password must be at least ${MIN_PASSWORD_LENGTH} characters.`);
  return password;
}

async function main(): Promise<void> {
  const args = ArgsSchema.safeParse(process.argv.slice(2));
  if (!args.success) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const [command, email] = args.data;
  const env = getEnv();
  const { db, close } = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATABASE_URL ? undefined : path.join(env.EASEL_DATA_DIR, 'db'),
  });
  try {
    const store = createStore(db);
    const existing = await store.editors.findByEmail(email);
    if (command === 'add' && existing) throw new Error(`An editor with the email ${existing.email} already exists (use set-password).`);
    if (command !== 'add' && !existing) throw new Error(`No editor has the email ${email}.`);
    if (command === 'remove' && existing) {
      const outcome = await store.editors.remove(existing.id);
      console.log(
        outcome === 'removed'
          ? `Editor ${existing.email} removed; their sessions have ended.`
          : `Editor ${existing.email} can no longer sign in and their sessions have ended (kept because their share links refer to them).`,
      );
      return;
    }
    const passwordHash = await hashPassword(await readNewPassword());
    if (existing) {
      await store.editors.setPasswordHash(existing.id, passwordHash);
      console.log(`Password changed for ${existing.email}; every session of theirs has ended.`);
    } else {
      const created = await store.editors.create({ email, passwordHash });
      if (!created) throw new Error(`An editor with the email ${email} already exists.`);
      console.log(`Editor ${created.email} created. They can sign in at /editor/login.`);
    }
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
