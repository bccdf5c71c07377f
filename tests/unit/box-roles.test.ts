import { describe, expect, it } from 'vitest';
import { ConfigError } from '@/lib/config/env';
import { DEFAULT_ROLE_SCOPES, parseRoleScopes, scopesFor } from '@/lib/access/roles';

describe('roles', () => {
  it('defaults: viewer sees, annotator also annotates, editor also downloads', () => {
    expect(scopesFor(DEFAULT_ROLE_SCOPES, 'viewer')).toEqual(['base_preview', 'annotation_view_all']);
    expect(scopesFor(DEFAULT_ROLE_SCOPES, 'annotator')).toEqual(['base_preview', 'annotation_view_all', 'annotation_edit']);
    expect(scopesFor(DEFAULT_ROLE_SCOPES, 'editor')).toEqual(['base_preview', 'annotation_view_all', 'annotation_edit', 'item_download']);
  });

  it('allowDownload adds item_download once', () => {
    expect(scopesFor(DEFAULT_ROLE_SCOPES, 'viewer', true)).toEqual(['base_preview', 'annotation_view_all', 'item_download']);
    expect(scopesFor(DEFAULT_ROLE_SCOPES, 'editor', true)).toEqual(['base_preview', 'annotation_view_all', 'annotation_edit', 'item_download']);
  });

  it('narrows annotation viewing: self swaps view_all for view_self, none drops viewing and editing', () => {
    expect(scopesFor(DEFAULT_ROLE_SCOPES, 'annotator', false, 'self')).toEqual(['base_preview', 'annotation_edit', 'annotation_view_self']);
    expect(scopesFor(DEFAULT_ROLE_SCOPES, 'viewer', false, 'none')).toEqual(['base_preview']);
    expect(scopesFor(DEFAULT_ROLE_SCOPES, 'editor', false, 'all')).toEqual(DEFAULT_ROLE_SCOPES.editor);
    // A role configured without view_all does not gain view_self.
    expect(scopesFor({ ...DEFAULT_ROLE_SCOPES, viewer: ['base_preview'] }, 'viewer', false, 'self')).toEqual(['base_preview']);
  });

  it('reads overrides from EASEL_ROLE_SCOPES, keeping defaults for roles not named', () => {
    const scopes = parseRoleScopes('{"viewer": "base_preview  annotation_view_self", "editor": "base_preview item_download"}');
    expect(scopes.viewer).toEqual(['base_preview', 'annotation_view_self']);
    expect(scopes.annotator).toEqual(DEFAULT_ROLE_SCOPES.annotator);
    expect(scopes.editor).toEqual(['base_preview', 'item_download']);
    expect(parseRoleScopes(undefined)).toBe(DEFAULT_ROLE_SCOPES);
  });

  it('rejects bad overrides with a clear message', () => {
    expect(() => parseRoleScopes('viewer=base_preview')).toThrow(ConfigError);
    expect(() => parseRoleScopes('{"viewer": "root_readwrite"}')).toThrow(/viewer.*not a preview scope/);
    expect(() => parseRoleScopes('{"viewer": ""}')).toThrow(/needs at least one scope/);
    expect(() => parseRoleScopes('{"owner": "base_preview"}')).toThrow(/EASEL_ROLE_SCOPES is invalid/);
  });
});
