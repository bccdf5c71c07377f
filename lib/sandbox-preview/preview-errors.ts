import { BoxRequestError } from './box-api';
import { el } from './dom';
import type { PreviewErrorInfo } from './types';

/** Maps a failure to Box Preview's error shape (codes as Box names them). */
export function toPreviewError(error: unknown): PreviewErrorInfo {
  if (error instanceof BoxRequestError) {
    if (error.status === 401) {
      return { code: 'error_token_invalid', message: error.message, displayMessage: 'Your access to this file has expired. Refresh the page to continue.' };
    }
    if (error.status === 403) {
      return { code: 'error_permissions', message: error.message, displayMessage: "You don't have permission to view this file." };
    }
    if (error.status === 404) {
      return { code: 'error_file_not_found', message: error.message, displayMessage: "This file couldn't be found." };
    }
    if (error.status === 429) {
      return { code: 'error_rate_limit', message: error.message, displayMessage: 'Box is busy right now. Try again in a moment.' };
    }
    if (error.code.startsWith('error_')) {
      return { code: error.code, message: error.message, displayMessage: "We're sorry, the preview didn't load." };
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'error_load_viewer', message, displayMessage: "We're sorry, the preview didn't load. Please refresh the page." };
}

export function errorView(info: PreviewErrorInfo): HTMLElement {
  return el('div', { class: 'bp-error', role: 'alert', 'data-testid': 'bp-error' }, [el('p', {}, [info.displayMessage])]);
}
