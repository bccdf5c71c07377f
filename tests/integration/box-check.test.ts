import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SANDBOX_APP_CONFIG_FILE } from '@/lib/box/credentials';
import { parseEnv } from '@/lib/config/env';
import { formatBoxCheck, runBoxCheck, type BoxCheckReport } from '@/lib/health/box-check';
import { TEST_SANDBOX_DATA_DIR, sandboxForThisFile } from '@/tests/helpers/sandbox';

/**
 * `npm run box:check` against the sandbox: passes on the default set-up and
 * fails, at the right step and with the right fix, for each set-up mistake
 * Box developers make most (reproduced through `/_sandbox/setup`).
 */
const box = sandboxForThisFile();
const APP_ORIGIN = 'http://localhost:3000';

function envFor(extra: Record<string, string> = {}) {
  return parseEnv({
    SANDBOX_URL: box.current.url,
    SANDBOX_DATA_DIR: TEST_SANDBOX_DATA_DIR,
    APP_URL: APP_ORIGIN,
    EASEL_GALLERY_FOLDER_IDS: '100',
    LOG_LEVEL: 'silent',
    ...extra,
  });
}

function step(report: BoxCheckReport, id: string) {
  const found = report.steps.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no step ${id} in ${report.steps.map((s) => s.id).join(', ')}`);
  return found;
}

function failedIds(report: BoxCheckReport): string[] {
  return report.steps.filter((s) => s.status === 'fail').map((s) => s.id);
}

describe('box:check on the sandbox', () => {
  it('passes every step on the default set-up, and leaves no token it minted alive', async () => {
    const report = await runBoxCheck(envFor());
    expect(failedIds(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => s.id)).toEqual([
      'credentials',
      'grant',
      'folder:100',
      'downscope',
      'scopes:viewer',
      'scopes:annotator',
      'scopes:editor',
      'annotator',
      'cors',
      'thumbnails',
    ]);
    expect(step(report, 'annotator').detail).toMatch(/accepted \(actor token signed with the app's key\)/);
    expect(report.steps.every((s) => s.status === 'pass')).toBe(true);
    expect(step(report, 'downscope').detail).toMatch(/^restricted_to file 10\d\d \(base_preview annotation_view_all\), expires_in \d+ s$/);
    const stats = (await box.current.control('GET', 'stats')).body;
    expect(stats.revocations).toBe(stats.exchanges);
    expect(formatBoxCheck(report)).toMatch(/All checks passed\.$/);
  });

  it('fails the grant step with the admin-authorization fix when the app is not authorized', async () => {
    await box.current.control('POST', 'setup', { appAuthorized: false });
    const report = await runBoxCheck(envFor());
    expect(report.ok).toBe(false);
    expect(failedIds(report)).toEqual(['grant']);
    expect(step(report, 'grant').detail).toMatch(/unauthorized_client/);
    expect(step(report, 'grant').fix).toMatch(/Box admin must authorize the app/);
    expect(report.steps.filter((s) => s.status === 'skip').length).toBeGreaterThan(0);
  });

  it('names the folder and the service account to collaborate when a gallery folder is not shared with it', async () => {
    await box.current.control('POST', 'setup', { collaboratedFolderIds: ['200'] });
    const report = await runBoxCheck(envFor({ EASEL_GALLERY_FOLDER_IDS: '100,200' }));
    expect(failedIds(report)).toEqual(['folder:100']);
    const folder = step(report, 'folder:100');
    expect(folder.detail).toMatch(/404 not_found/);
    expect(folder.fix).toMatch(/Invite the service account AutomationUser_\w+@boxdevedition\.com .* on Box folder 100/);
    expect(step(report, 'folder:200').status).toBe('pass');
  });

  it('fails the scope steps of the roles that need a scope the app lacks, with the console fix', async () => {
    await box.current.control('POST', 'setup', { appScopes: ['base_preview', 'annotation_view_all', 'item_download'] });
    const report = await runBoxCheck(envFor());
    expect(failedIds(report)).toEqual(['scopes:annotator', 'scopes:editor']);
    expect(step(report, 'scopes:annotator').detail).toMatch(/401 invalid_scope/);
    expect(step(report, 'scopes:annotator').fix).toMatch(/Application Scopes.*Write all files and folders/);
    expect(step(report, 'scopes:viewer').status).toBe('pass');
    expect(step(report, 'annotator').status).toBe('skip');
  });

  it('fails the comment-link step for a client-credentials app (no key to sign a reviewer with), with the fix, and passes the rest', async () => {
    const config = JSON.parse(readFileSync(path.join(TEST_SANDBOX_DATA_DIR, SANDBOX_APP_CONFIG_FILE), 'utf8')) as {
      enterpriseID: string;
      boxAppSettings: { clientID: string; clientSecret: string };
    };
    const url = box.current.url;
    const report = await runBoxCheck(
      parseEnv({
        BOX_CLIENT_ID: config.boxAppSettings.clientID,
        BOX_CLIENT_SECRET: config.boxAppSettings.clientSecret,
        BOX_ENTERPRISE_ID: config.enterpriseID,
        BOX_API_URL: url,
        BOX_UPLOAD_URL: `${url}/api`,
        BOX_OAUTH2_URL: `${url}/api/oauth2`,
        APP_URL: APP_ORIGIN,
        EASEL_GALLERY_FOLDER_IDS: '100',
        LOG_LEVEL: 'silent',
      }),
    );
    expect(step(report, 'grant').detail).toMatch(/CCG grant accepted/);
    expect(failedIds(report)).toEqual(['annotator']);
    expect(step(report, 'annotator').fix).toMatch(/use a JWT app/);
  });

  it("fails the CORS step when the app's origin is not in the CORS domains", async () => {
    await box.current.control('POST', 'setup', { allowedOrigins: ['https://elsewhere.example'] });
    const report = await runBoxCheck(envFor());
    expect(failedIds(report)).toEqual(['cors']);
    expect(step(report, 'cors').fix).toMatch(/Add http:\/\/localhost:3000 to .*CORS Domains/);
  });

  it('reports unparseable credentials without touching Box', async () => {
    const report = await runBoxCheck(parseEnv({ BOX_CONFIG_JSON: '{"boxAppSettings":', APP_URL: APP_ORIGIN, LOG_LEVEL: 'silent' }));
    expect(failedIds(report)).toEqual(['credentials']);
    expect(step(report, 'credentials').detail).toMatch(/BOX_CONFIG_JSON is not valid JSON/);
    expect(step(report, 'grant').status).toBe('skip');
  });

  it('exits 0 when every step passes and 1 otherwise (the npm script)', async () => {
    const run = () =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn('npx', ['tsx', '--conditions=react-server', 'scripts/box-check.ts'], {
          env: { ...process.env, SANDBOX_URL: box.current.url, SANDBOX_DATA_DIR: TEST_SANDBOX_DATA_DIR, APP_URL: APP_ORIGIN, EASEL_GALLERY_FOLDER_IDS: '100', LOG_LEVEL: 'silent' },
        });
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        child.on('exit', (code) => resolve({ code, output }));
      });
    const passing = await run();
    expect(passing.output).toMatch(/PASS {2}The app gets a token/);
    expect(passing.code).toBe(0);
    await box.current.control('POST', 'setup', { appAuthorized: false });
    const failing = await run();
    expect(failing.output).toMatch(/FAIL {2}The app gets a token .*\n\s+fix: A Box admin must authorize the app/);
    expect(failing.code).toBe(1);
  });
});
