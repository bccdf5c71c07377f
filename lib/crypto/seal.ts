import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Authenticated encryption for secrets Easel keeps at rest (tokens minted for
 * share links; later a shared token cache): AES-256-GCM from node:crypto with
 * a 96-bit random IV per message. The key is derived from a server secret with
 * HKDF-SHA256, one key per purpose, so a value sealed for one use can't be
 * opened as another. `context` is bound as additional authenticated data (e.g.
 * the link id a token belongs to), so a sealed value moved elsewhere fails to
 * open. Format: `v1.` + base64url(iv ‖ ciphertext ‖ tag).
 */
export interface Sealer {
  seal(plaintext: string, context?: string): string;
  /** The plaintext, or undefined when the value is malformed, tampered with, or sealed under another key or context. */
  open(sealed: string, context?: string): string | undefined;
}

const VERSION = 'v1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MIN_SECRET_LENGTH = 32;

export function deriveKey(secret: string, purpose: string): Buffer {
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`The sealing secret must be at least ${MIN_SECRET_LENGTH} characters.`);
  return Buffer.from(hkdfSync('sha256', secret, 'easel-seal-v1', `easel:${purpose}`, 32));
}

export function createSealer(secret: string, purpose: string): Sealer {
  const key = deriveKey(secret, purpose);
  const aad = (context: string | undefined) => Buffer.from(`${purpose}\n${context ?? ''}`, 'utf8');
  return {
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return VERSION + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
    },
    open(sealed, context) {
      if (!sealed.startsWith(VERSION)) return undefined;
      const raw = Buffer.from(sealed.slice(VERSION.length), 'base64url');
      if (raw.length < IV_BYTES + TAG_BYTES) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
        decipher.setAAD(aad(context));
        decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}
