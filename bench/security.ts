/**
 * Re-measures issue 11's figures against a running Easel (not a test):
 *   `APP_URL=http://127.0.0.1:3600 SANDBOX_URL=http://127.0.0.1:3601 npm run bench:security`
 * e.g. against the instance `E2E_PORT=3600 tsx scripts/run.ts e2e` starts (a
 * production build in sandbox mode). With TRUSTED_PROXY_HOPS at its default
 * (0) every request here is one client (127.0.0.1); start the instance with
 * TRUSTED_PROXY_HOPS=1 to have each X-Forwarded-For value count as a distinct
 * real address, as behind a proxy (the per-account and per-link limits).
 * 1. sign-in attempts per minute against one account, rotating X-Forwarded-For
 *    (BENCH_SECONDS, default 60): how many passwords were checked;
 * 2. a copied session cookie after sign-out;
 * 3. 100 wrong link passwords rotating X-Forwarded-For, then the right one
 *    from a fresh client;
 * 4. `%ZZ` in every dynamic route; 405/404 bodies; security headers.
 * Every loop is bounded by count and time.
 */
const APP = process.env.APP_URL ?? 'http://127.0.0.1:3600';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const DEMO = { email: 'editor@easel.test', password: 'sandbox-demo-password' };

class Client {
  private readonly cookies = new Map<string, string>();

  async fetch(path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers, cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${APP}${path}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body), redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      const value = pair.slice(index + 1);
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(pair.slice(0, index));
      else this.cookies.set(pair.slice(0, index), value);
    }
    return response;
  }

  async csrf(): Promise<string> {
    return ((await (await this.fetch('/api/csrf')).json()) as { csrfToken: string }).csrfToken;
  }

  copy(): Client {
    const copy = new Client();
    for (const [k, v] of this.cookies) copy.cookies.set(k, v);
    return copy;
  }
}

async function signIn(): Promise<{ client: Client; csrf: string }> {
  const client = new Client();
  const response = await client.fetch('/api/editor/login', { method: 'POST', headers: { 'x-csrf-token': await client.csrf() }, body: DEMO });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
  return { client, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
}

async function signInRate(): Promise<void> {
  const client = new Client();
  const csrf = await client.csrf();
  const email = `bench-${Date.now()}@easel.test`;
  const counts = new Map<number, number>();
  const deadline = Date.now() + SECONDS * 1000;
  let tries = 0;
  while (Date.now() < deadline && tries < 100_000) {
    tries += 1;
    const response = await client.fetch('/api/editor/login', {
      method: 'POST',
      headers: { 'x-csrf-token': csrf, 'x-forwarded-for': `198.51.${Math.floor(tries / 250) % 250}.${(tries % 250) + 1}` },
      body: { email, password: `guess-${tries}` },
    });
    await response.body?.cancel();
    counts.set(response.status, (counts.get(response.status) ?? 0) + 1);
  }
  const checked = counts.get(401) ?? 0;
  console.log(`1. sign-in, one account, rotating X-Forwarded-For, ${SECONDS} s: ${tries} tries, ${checked} passwords checked (${Math.round((checked * 60) / SECONDS)}/min), statuses ${JSON.stringify(Object.fromEntries(counts))}`);
}

async function copiedCookie(): Promise<void> {
  const { client, csrf } = await signIn();
  const copy = client.copy();
  const revoke = (c: Client) => c.fetch('/api/editor/links/00000000-0000-4000-8000-000000000000/revoke', { method: 'POST', headers: { 'x-csrf-token': csrf } });
  const before = (await revoke(copy)).status;
  await client.fetch('/api/editor/logout', { method: 'POST', headers: { 'x-csrf-token': csrf }, body: {} });
  const after = await revoke(copy);
  const page = await copy.fetch('/editor');
  console.log(`2. copied session cookie: editor API ${before} before sign-out (404 = signed in), ${after.status} after; /editor ${page.status} → ${page.headers.get('location') ?? ''}`);
}

async function linkPassword(): Promise<void> {
  const { client, csrf } = await signIn();
  const created = await client.fetch('/api/editor/links', { method: 'POST', headers: { 'x-csrf-token': csrf }, body: { fileId: '1002', role: 'viewer', password: 'the-right-password' } });
  const slug = new URL(((await created.json()) as { url: string }).url).pathname.split('/').pop()!;
  const guesser = new Client();
  const guesserCsrf = await guesser.csrf();
  const counts = new Map<number, number>();
  for (let i = 0; i < 100; i += 1) {
    const response = await guesser.fetch(`/api/links/${slug}/unlock`, { method: 'POST', headers: { 'x-csrf-token': guesserCsrf, 'x-forwarded-for': `203.0.113.${i + 1}` }, body: { password: `wrong-${i}` } });
    await response.body?.cancel();
    counts.set(response.status, (counts.get(response.status) ?? 0) + 1);
  }
  const owner = new Client();
  // The owner's browser: its own address (distinct only where a trusted proxy reports it: TRUSTED_PROXY_HOPS=1).
  const ownerCsrf = await owner.csrf();
  const right = await owner.fetch(`/api/links/${slug}/unlock`, { method: 'POST', headers: { 'x-csrf-token': ownerCsrf, 'x-forwarded-for': '192.0.2.200' }, body: { password: 'the-right-password' } });
  console.log(`3. link password: 100 wrong guesses rotating X-Forwarded-For → ${JSON.stringify(Object.fromEntries(counts))}; then the right password from a fresh client → ${right.status}`);
}

async function edges(): Promise<void> {
  const paths = ['/api/files/%ZZ/token', '/api/files/%ZZ/thumbnail', '/api/links/%ZZ/token', '/api/links/%ZZ/unlock', '/api/editor/links/%ZZ/revoke', '/s/%ZZ', '/files/%ZZ'];
  const results: string[] = [];
  for (const path of paths) {
    const response = await fetch(`${APP}${path}`, { method: path.endsWith('unlock') || path.endsWith('revoke') ? 'POST' : 'GET' });
    results.push(`${response.status} ${response.headers.get('content-type')?.split(';')[0]}`);
  }
  const notAllowed = await fetch(`${APP}/api/gallery`, { method: 'DELETE' });
  const missing = await fetch(`${APP}/api/nope`);
  console.log(`4. %ZZ in ${paths.length} dynamic routes: ${results.join(', ')}; 405: ${notAllowed.headers.get('content-type')} ${(await notAllowed.text()).length} bytes; 404: ${missing.headers.get('content-type')}`);
  const home = await fetch(`${APP}/`);
  const names = ['content-security-policy', 'x-frame-options', 'strict-transport-security', 'referrer-policy', 'x-content-type-options'];
  console.log(`5. headers on /: ${names.map((n) => `${n}: ${home.headers.has(n) ? 'yes' : 'NO'}`).join(', ')}`);
  const health = await fetch(`${APP}/api/health`);
  console.log(`6. /api/health: ${health.status} ${JSON.stringify(await health.json())}`);
}

async function main(): Promise<void> {
  await copiedCookie();
  await linkPassword();
  await edges();
  await signInRate();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
