import type { Database } from './database';
import { createAuditStore, type AuditStore } from './stores/audit-store';
import { createEditorStore, type EditorStore } from './stores/editor-store';
import { createLinkStore, type LinkStore } from './stores/link-store';

export interface Store {
  editors: EditorStore;
  links: LinkStore;
  audit: AuditStore;
}

export function createStore(db: Database): Store {
  return { editors: createEditorStore(db), links: createLinkStore(db), audit: createAuditStore(db) };
}

export type { AuditDetail } from './schema';
export type { AuditEventRecord, AuditEventType } from './stores/audit-store';
export type { EditorRecord } from './stores/editor-store';
export type { LinkRole, NewShareLink, ShareLinkChanges, ShareLinkRecord, ShareLinkWithViews } from './stores/link-store';
