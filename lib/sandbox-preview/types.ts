/** Box's wire format, as far as Preview reads it (this library is Box's Preview, so it speaks Box). */
export interface BoxRepresentation {
  representation: string;
  properties?: { dimensions?: string; paged?: string; thumb?: string };
  info?: { url: string };
  status?: { state: string };
  content?: { url_template: string };
}

export interface BoxFilePermissions {
  can_download?: boolean;
  can_annotate?: boolean;
  can_create_annotations?: boolean;
  can_view_annotations?: boolean;
  can_view_annotations_all?: boolean;
  can_view_annotations_self?: boolean;
}

export interface BoxFile {
  id: string;
  name?: string;
  extension?: string;
  size?: number;
  file_version?: { id: string; sha1?: string };
  permissions?: BoxFilePermissions;
  representations?: { entries: BoxRepresentation[] };
  is_download_available?: boolean;
  authenticated_download_url?: string;
}

export type TokenSource = string | ((typedId: string) => unknown);

export interface ShowOptions {
  container?: string | HTMLElement;
  apiHost?: string;
  showAnnotations?: boolean;
  showAnnotationsControls?: boolean;
  showDownload?: boolean;
  skipServerUpdate?: boolean;
  [option: string]: unknown;
}

/** What ContentPreview's `preview_error` handler reads. */
export interface PreviewErrorInfo {
  code: string;
  message: string;
  displayMessage: string;
}
