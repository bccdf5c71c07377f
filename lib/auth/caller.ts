/**
 * Who is asking. Anonymous visitors are keyed by client address for rate
 * limiting; editors are signed in (see the editor session module).
 */
export type Caller =
  | { kind: 'anonymous'; clientKey: string }
  | { kind: 'editor'; clientKey: string; editorId: string; email: string };

/** The client address as the nearest trusted proxy reports it. */
export function clientKeyOf(request: Request): string {
  const forwarded = request.headers.get('x-forwarded-for');
  const first = forwarded?.split(',')[0]?.trim();
  return first || request.headers.get('x-real-ip') || 'unknown';
}
