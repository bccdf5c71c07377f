import { ConfigError, galleryFolderIdsOf, modeOf, type Env, type Mode } from '../config/env';
import { DEFAULT_ROLE_SCOPES, parseRoleScopes, scopesFor, type Role } from '../access/roles';
import { createBoxConnection, type BoxConnection } from '../box/connection';
import { loadCredentials, type BoxCredentials } from '../box/credentials';
import {
  corsPreflight,
  currentUser,
  exchangeForFile,
  grantParentToken,
  probeRepresentations,
  probeThumbnail,
  readFolder,
  revokeProbeToken,
  type BoxRefusal,
  type BoxUser,
} from '../box/setup-probes';
import { describeBoxFailure } from '../box/upstream-error';

/**
 * `npm run box:check` and `/api/health?deep=1`: verifies, step by step, that
 * the Box app Easel is configured with is set up the way Easel needs it, and
 * says how to fix each step that fails. The same steps run against the
 * sandbox (whose `/_sandbox/setup` can reproduce each mistake) and real Box.
 */
export type StepStatus = 'pass' | 'fail' | 'skip';

export interface CheckStep {
  id: string;
  title: string;
  status: StepStatus;
  detail: string;
  /** What to change when the step fails. */
  fix?: string;
}

export interface BoxCheckReport {
  ok: boolean;
  mode: Mode;
  apiBaseUrl: string | undefined;
  steps: CheckStep[];
}

export interface BoxCheckOptions {
  /** Use this connection instead of a fresh one (tests). */
  connection?: BoxConnection;
}

const CONSOLE = 'Box Developer Console (app.box.com/developers/console) → your app';

function describeRefusal(refusal: BoxRefusal): string {
  return `Box answered ${refusal.status}${refusal.code ? ` ${refusal.code}` : ''}${refusal.message ? `: ${refusal.message}` : ''}`;
}

function grantFix(code: string | undefined, credentials: BoxCredentials): string {
  const clientId = credentials.kind === 'developer-token' ? '' : ` (client ID ${credentials.clientId})`;
  switch (code) {
    case 'unauthorized_client':
      return `A Box admin must authorize the app${clientId}: Admin Console → Apps → Platform Apps Manager → Add app (or re-authorize it after changing its scopes).`;
    case 'invalid_client':
      return 'The client ID or client secret is wrong: copy them again from the app\'s Configuration page (BOX_CONFIG_FILE/BOX_CONFIG_JSON, or BOX_CLIENT_ID/BOX_CLIENT_SECRET).';
    case 'invalid_grant':
      return 'Box refused the JWT assertion or the subject: check the key pair (public key added under Configuration → Add and manage public keys), the enterpriseID/BOX_ENTERPRISE_ID, and that this machine\'s clock is right.';
    default:
      return `Check the app's credentials and that Box is reachable at the configured BOX_API_URL.`;
  }
}

function folderFix(folderId: string, user: BoxUser | undefined): string {
  const who = user?.login ? `the service account ${user.login}` : "the app's service account (its login is on the app's General Settings page)";
  return `Invite ${who} as a collaborator (Viewer or higher) on Box folder ${folderId}, or correct EASEL_GALLERY_FOLDER_IDS.`;
}

function scopeFix(scopes: readonly string[]): string {
  const needsWrite = scopes.includes('annotation_edit');
  return (
    `Enable the app's application scopes in ${CONSOLE} → Configuration → Application Scopes: "Read all files and folders stored in Box"` +
    `${needsWrite ? ' and "Write all files and folders stored in Box" (annotation_edit needs it)' : ''}; then have a Box admin re-authorize the app. ` +
    `Or narrow EASEL_ROLE_SCOPES to scopes the app has. Asked for: ${scopes.join(' ')}.`
  );
}

/** Runs every check; never throws, never includes a token or secret in the report. */
export async function runBoxCheck(env: Env, options: BoxCheckOptions = {}): Promise<BoxCheckReport> {
  const steps: CheckStep[] = [];
  const mode = modeOf(env);
  const add = (step: CheckStep) => {
    steps.push(step);
    return step.status === 'pass';
  };
  const skipRest = (ids: Array<[string, string]>, reason: string) => {
    for (const [id, title] of ids) add({ id, title, status: 'skip', detail: `Skipped: ${reason}` });
  };
  const report = (apiBaseUrl: string | undefined): BoxCheckReport => ({ ok: steps.every((step) => step.status !== 'fail'), mode, apiBaseUrl, steps });

  const later: Array<[string, string]> = [
    ['grant', 'The app gets a token (app authorized)'],
    ['folders', 'The service account can read each gallery folder'],
    ['downscope', 'A downscoped token is restricted to exactly one file'],
    ['scopes', 'The scopes each role needs are granted'],
    ['annotator', "Comment links: Box accepts a reviewer's annotator token"],
    ['cors', "The app's origin passes Box's CORS preflight"],
    ['thumbnails', 'Thumbnail and representation endpoints answer'],
  ];

  // 1. Credentials parse.
  let credentials: BoxCredentials;
  try {
    credentials = loadCredentials(env);
    parseRoleScopes(env.EASEL_ROLE_SCOPES);
    const how = credentials.kind === 'jwt' ? `JWT app config (${credentials.source})` : credentials.kind === 'ccg' ? 'client credentials grant' : 'developer token';
    add({ id: 'credentials', title: 'Credentials parse', status: 'pass', detail: `${how}, API ${credentials.baseUrls.baseUrl}` });
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : 'the credentials could not be read';
    add({ id: 'credentials', title: 'Credentials parse', status: 'fail', detail: message, fix: 'Fix the variable named above (see README → "Using real Box").' });
    skipRest(later, 'no usable credentials');
    return report(undefined);
  }
  const connection = options.connection ?? createBoxConnection(credentials, { maxAttempts: 2, retryBudgetMs: 3000, timeoutMs: 10_000 });
  const apiBaseUrl = connection.baseUrls.baseUrl;

  // 2. The grant works (the app is authorized).
  let parent: string;
  try {
    parent = await grantParentToken(connection);
    add({ id: 'grant', title: 'The app gets a token (app authorized)', status: 'pass', detail: `${credentials.kind === 'ccg' ? 'CCG' : credentials.kind === 'jwt' ? 'JWT' : 'Developer token'} grant accepted` });
  } catch (error) {
    const failure = describeBoxFailure(error);
    const code = failure?.oauthError ?? failure?.code;
    const detail = failure?.status !== undefined ? `Box answered ${failure.status}${code ? ` ${code}` : ''}${failure.description ? `: ${failure.description}` : ''}` : `Box could not be reached at ${apiBaseUrl}`;
    add({ id: 'grant', title: 'The app gets a token (app authorized)', status: 'fail', detail, fix: grantFix(code, credentials) });
    skipRest(later.slice(1), 'no parent token');
    return report(apiBaseUrl);
  }

  // 3. Each gallery folder is readable by the service account.
  const user = await currentUser(connection, parent).then((probe) => (probe.ok ? probe.value : undefined), () => undefined);
  const folderIds = galleryFolderIdsOf(env);
  let testFile: { id: string; name: string } | undefined;
  if (folderIds.length === 0) {
    add({ id: 'folders', title: 'The service account can read each gallery folder', status: 'fail', detail: 'EASEL_GALLERY_FOLDER_IDS is empty', fix: 'Set EASEL_GALLERY_FOLDER_IDS to the Box folder ids whose files visitors may open.' });
  }
  for (const folderId of folderIds) {
    const probe = await readFolder(connection, parent, folderId);
    if (!probe.ok) {
      add({ id: `folder:${folderId}`, title: `The service account can read gallery folder ${folderId}`, status: 'fail', detail: describeRefusal(probe.refusal), fix: folderFix(folderId, user) });
      continue;
    }
    testFile ??= probe.value.firstFile;
    add({
      id: `folder:${folderId}`,
      title: `The service account can read gallery folder ${folderId}`,
      status: 'pass',
      detail: `"${probe.value.name}"${probe.value.firstFile ? `, e.g. file ${probe.value.firstFile.id}` : ', no file directly in it'}`,
    });
  }
  if (!testFile) {
    skipRest(later.slice(2), 'no readable gallery file to test tokens with');
    return report(apiBaseUrl);
  }

  // 4. A downscoped token for a gallery file is restricted to exactly that file.
  const roleScopes = parseRoleScopes(env.EASEL_ROLE_SCOPES);
  const viewerScopes = scopesFor(roleScopes, 'viewer');
  const viewer = await exchangeForFile(connection, parent, testFile.id, viewerScopes);
  let fileToken: string | undefined;
  if (!viewer.ok) {
    const refusal = viewer.refusal;
    const fix =
      refusal.code === 'invalid_scope'
        ? scopeFix(viewerScopes)
        : refusal.code === 'invalid_resource'
          ? folderFix(folderIds[0] ?? '', user)
          : 'Check the app\'s scopes and that the service account can see the file.';
    add({ id: 'downscope', title: 'A downscoped token is restricted to exactly one file', status: 'fail', detail: describeRefusal(refusal), fix });
  } else {
    fileToken = viewer.value.accessToken;
    const entries = viewer.value.restrictedTo;
    const exact = entries.length > 0 && entries.every((entry) => entry.type === 'file' && entry.id === testFile.id && viewerScopes.includes(entry.scope));
    add({
      id: 'downscope',
      title: 'A downscoped token is restricted to exactly one file',
      status: exact ? 'pass' : 'fail',
      detail: exact
        ? `restricted_to file ${testFile.id} (${[...new Set(entries.map((entry) => entry.scope))].join(' ')}), expires_in ${viewer.value.expiresIn ?? '?'} s`
        : `restricted_to was ${JSON.stringify(entries)}; Easel refuses such tokens`,
      ...(exact ? {} : { fix: 'Make sure the exchange sends resource=https://api.box.com/2.0/files/<id>; a token not limited to the file must never reach a browser.' }),
    });
  }

  // 5. The scopes each role needs are granted.
  let annotatorScopesGranted = false;
  for (const role of Object.keys(DEFAULT_ROLE_SCOPES) as Role[]) {
    const scopes = scopesFor(roleScopes, role, role === 'editor');
    const probe = role === 'viewer' && viewer.ok ? viewer : await exchangeForFile(connection, parent, testFile.id, scopes);
    if (probe.ok) {
      if (probe !== viewer) await revokeProbeToken(connection, probe.value.accessToken);
      if (role === 'annotator') annotatorScopesGranted = true;
      add({ id: `scopes:${role}`, title: `The scopes the ${role} role needs are granted`, status: 'pass', detail: scopes.join(' ') });
    } else {
      add({
        id: `scopes:${role}`,
        title: `The scopes the ${role} role needs are granted`,
        status: 'fail',
        detail: describeRefusal(probe.refusal),
        fix: probe.refusal.code === 'invalid_scope' || probe.refusal.status === 401 ? scopeFix(scopes) : 'See the downscope step above.',
      });
    }
  }

  // 6. A comment link's token names its reviewer (an annotator token: actor_token in the exchange).
  if (!annotatorScopesGranted) {
    add({ id: 'annotator', title: "Comment links: Box accepts a reviewer's annotator token", status: 'skip', detail: "Skipped: the annotator role's scopes are refused (see above)" });
  } else {
    const signed = credentials.kind === 'jwt';
    const probe = await exchangeForFile(connection, parent, testFile.id, scopesFor(roleScopes, 'annotator'), { id: 'easel-box-check', name: 'Easel box:check' });
    if (probe.ok) await revokeProbeToken(connection, probe.value.accessToken);
    add({
      id: 'annotator',
      title: "Comment links: Box accepts a reviewer's annotator token",
      status: probe.ok ? 'pass' : 'fail',
      detail: probe.ok
        ? `an exchange naming a reviewer was accepted (actor token ${signed ? "signed with the app's key" : 'unsigned: the app has no key pair'})`
        : describeRefusal(probe.refusal),
      ...(probe.ok
        ? {}
        : {
            fix: signed
              ? "Check the app's public key is still listed in the Developer Console (Configuration → Add and Manage Public Keys) and matches the config's publicKeyID."
              : "Comment links sign each reviewer's identity with the app's key: use a JWT app (server authentication with a key pair), or share view-only links only.",
          }),
    });
  }

  // 7. The app's origin passes Box's CORS preflight.
  const origin = new URL(env.APP_URL ?? `http://localhost:${env.PORT}`).origin;
  try {
    const cors = await corsPreflight(connection, origin, testFile.id);
    const allowed = cors.allowedOrigin === origin || cors.allowedOrigin === '*';
    add({
      id: 'cors',
      title: "The app's origin passes Box's CORS preflight",
      status: allowed ? 'pass' : 'fail',
      detail: allowed ? `${origin} allowed` : `Box's preflight for ${origin} came back without Access-Control-Allow-Origin (HTTP ${cors.status})`,
      ...(allowed
        ? {}
        : { fix: `Add ${origin} to ${CONSOLE} → Configuration → CORS Domains${mode === 'sandbox' ? ' (sandbox: SANDBOX_ALLOWED_ORIGINS)' : ''}, or set APP_URL to the origin visitors use.` }),
    });
  } catch {
    add({ id: 'cors', title: "The app's origin passes Box's CORS preflight", status: 'fail', detail: `no answer from ${apiBaseUrl}`, fix: 'Check that Box is reachable from this machine.' });
  }

  // 8. Thumbnail and representation endpoints answer.
  if (!fileToken) {
    add({ id: 'thumbnails', title: 'Thumbnail and representation endpoints answer', status: 'skip', detail: 'Skipped: no downscoped token' });
  } else {
    const [thumbnail, representations] = await Promise.all([
      probeThumbnail(connection, parent, testFile.id),
      probeRepresentations(connection, fileToken, testFile.id),
    ]);
    const problems: string[] = [];
    if (!thumbnail.ok) problems.push(`thumbnail: ${describeRefusal(thumbnail.refusal)}`);
    if (!representations.ok) problems.push(`representations: ${describeRefusal(representations.refusal)}`);
    else if (representations.value.count === 0) problems.push('representations: none offered for the file');
    add({
      id: 'thumbnails',
      title: 'Thumbnail and representation endpoints answer',
      status: problems.length === 0 ? 'pass' : 'fail',
      detail:
        problems.length === 0 && thumbnail.ok && representations.ok
          ? `thumbnail HTTP ${thumbnail.value.status}${thumbnail.value.status === 202 ? ' (being generated)' : thumbnail.value.status === 302 ? ' (placeholder)' : ''}, ${representations.value.count} representation(s)`
          : problems.join('; '),
      ...(problems.length === 0 ? {} : { fix: 'Check the file type is one Box previews, and the scopes above (base_preview).' }),
    });
    await revokeProbeToken(connection, fileToken);
  }
  return report(apiBaseUrl);
}

/** One line per step, for the terminal. */
export function formatBoxCheck(report: BoxCheckReport): string {
  const mark: Record<StepStatus, string> = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' };
  const lines = [`box:check (${report.mode}${report.apiBaseUrl ? `, ${report.apiBaseUrl}` : ''})`];
  for (const step of report.steps) {
    lines.push(`${mark[step.status]}  ${step.title}: ${step.detail}`);
    if (step.status === 'fail' && step.fix) lines.push(`      fix: ${step.fix}`);
  }
  const failed = report.steps.filter((step) => step.status === 'fail').length;
  lines.push(report.ok ? 'All checks passed.' : `${failed} check(s) failed.`);
  return lines.join('\n');
}
