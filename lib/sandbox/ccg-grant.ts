import type { AppCredentials } from './app-credentials';
import { invalidGrant } from './oauth-failure';
import type { IssuedToken } from './state';

/** Client Credentials Grant: the subject is the app's enterprise or a numeric user id. */
export function ccgSubject(
  credentials: AppCredentials,
  subjectType: string | undefined,
  subjectId: string | undefined,
): IssuedToken['subject'] {
  if (subjectType === 'enterprise' && subjectId === credentials.enterpriseId) return { type: 'enterprise', id: subjectId };
  if (subjectType === 'user' && subjectId !== undefined && /^\d{1,20}$/.test(subjectId)) return { type: 'user', id: subjectId };
  throw invalidGrant('Grant credentials are invalid');
}
