/**
 * SHA-256 of a token, base64url without padding: how the browser names a
 * token Box refused when it asks the token route for a new one (the token
 * itself never goes into a URL). Undefined where Web Crypto is unavailable
 * (a page served over plain HTTP from a non-local host).
 */
export async function tokenHashOf(token: string): Promise<string | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return undefined;
  const digest = new Uint8Array(await subtle.digest('SHA-256', new TextEncoder().encode(token)));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
