import { fetchCsrfToken, postJson } from './api-client';

/**
 * Tells Easel a comment was just posted on `fileId`, so the editor hears of it
 * now rather than at the next background scan. Best effort: a failure is only
 * logged (the scan still finds the comment), and the reviewer is not bothered.
 */
export async function confirmComments(url: string, fileId: string): Promise<void> {
  try {
    await postJson<{ confirmed: number }>(url, { fileId }, await fetchCsrfToken());
  } catch (error) {
    console.warn('Easel could not report the new comment yet; it will be picked up shortly.', error);
  }
}
