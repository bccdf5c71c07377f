import { describe, expect, it } from 'vitest';
import { fileResourceUrl, verifiedScopes } from '@/lib/box/downscope';

const entry = (scope: string, id: string | number = '1001', type = 'file') => ({ scope, object: { type, id, name: 'x.jpg' } });
const ASKED = ['base_preview', 'annotation_view_all'];

describe('restricted_to check', () => {
  it('sends https://api.box.com/2.0/files/<id> as resource, the only form Box accepts, whatever the API base URL', () => {
    expect(fileResourceUrl('1001')).toBe('https://api.box.com/2.0/files/1001');
  });

  it('accepts exactly the file with the asked scopes, or a subset of them', () => {
    expect(verifiedScopes([entry('base_preview'), entry('annotation_view_all')], '1001', ASKED)).toEqual(ASKED);
    expect(verifiedScopes([entry('base_preview')], '1001', ASKED)).toEqual(['base_preview']);
  });

  it.each([
    ['missing', undefined],
    ['empty (unrestricted token)', []],
    ['not a list', { scope: 'base_preview' }],
    ['another file', [entry('base_preview', '1002')]],
    ['the file plus another', [entry('base_preview'), entry('base_preview', '1002')]],
    ['a folder with the same id', [entry('base_preview', '1001', 'folder')]],
    ['a scope not asked for', [entry('base_preview'), entry('item_download')]],
    ['an entry without object', [{ scope: 'base_preview' }]],
    ['garbage entries', [null, 5]],
  ])('refuses restricted_to that is %s', (_label, restrictedTo) => {
    expect(verifiedScopes(restrictedTo, '1001', ASKED)).toBeUndefined();
  });
});
