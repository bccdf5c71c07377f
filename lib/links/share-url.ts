/** The public URL of a share link, from the app's configured origin. */
export function shareUrlOf(origin: string, slug: string): string {
  return new URL(`/s/${slug}`, origin).toString();
}
