/**
 * Where ContentPreview talks to Box and loads the Preview library from
 * (`{staticHost}/{staticPath}/{previewLibraryVersion}/en-US/preview.js`).
 */
export interface PreviewHosts {
  apiHost: string;
  staticHost: string;
  staticPath: string;
  previewLibraryVersion: string;
}

export const PREVIEW_STATIC_PATH = 'platform/preview';
export const PREVIEW_LIBRARY_VERSION = '3.0.0';
