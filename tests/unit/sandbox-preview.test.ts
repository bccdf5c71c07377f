import { describe, expect, it } from 'vitest';
import { contentUrlOf, pickRepresentation, viewerKindOf } from '@/lib/sandbox-preview/representations';
import { readToken } from '@/lib/sandbox-preview/token';
import type { BoxFile, BoxRepresentation } from '@/lib/sandbox-preview/types';
import { bareKey, clampZoom, MAX_ZOOM, MIN_ZOOM } from '@/lib/sandbox-preview/viewers/viewer';

const TEMPLATE = 'http://box.test/2.0/internal_files/1001/versions/9/representations';

function rep(representation: string, key: string, properties: BoxRepresentation['properties'] = {}): BoxRepresentation {
  return { representation, properties, status: { state: 'success' }, content: { url_template: `${TEMPLATE}/${key}/content/{+asset_path}` } };
}

describe('representation choice', () => {
  const image: BoxFile = {
    id: '1001',
    extension: 'JPG',
    representations: {
      entries: [
        rep('jpg', 'jpg_thumb_320x320', { dimensions: '320x320', thumb: 'true' }),
        rep('jpg', 'jpg_1024x1024', { dimensions: '1024x1024', paged: 'false' }),
        rep('png', 'png_paged_2048x2048', { dimensions: '2048x2048', paged: 'true' }),
        rep('jpg', 'jpg_2048x2048', { dimensions: '2048x2048', paged: 'false' }),
      ],
    },
  };

  it('shows images from the largest non-thumbnail image representation', () => {
    expect(viewerKindOf(image)).toBe('image');
    const chosen = pickRepresentation(image, 'image')!;
    expect(chosen.properties?.dimensions).toBe('2048x2048');
    expect(chosen.properties?.thumb).not.toBe('true');
  });

  it('names the first page asset for paged representations and none otherwise', () => {
    expect(contentUrlOf(rep('png', 'png_paged_2048x2048', { paged: 'true' }))).toBe(`${TEMPLATE}/png_paged_2048x2048/content/1.png`);
    expect(contentUrlOf(rep('jpg', 'jpg_2048x2048', { paged: 'false' }))).toBe(`${TEMPLATE}/jpg_2048x2048/content/`);
    expect(contentUrlOf(rep('pdf', 'pdf'))).toBe(`${TEMPLATE}/pdf/content/`);
  });

  it('shows documents from the pdf representation and refuses unknown types', () => {
    const pdf: BoxFile = { id: '1009', extension: 'pdf', representations: { entries: [rep('jpg', 'jpg_1024x1024'), rep('pdf', 'pdf')] } };
    expect(viewerKindOf(pdf)).toBe('document');
    expect(pickRepresentation(pdf, 'document')?.representation).toBe('pdf');
    expect(viewerKindOf({ id: '1', extension: 'exe' })).toBeUndefined();
    expect(pickRepresentation({ id: '1', extension: 'jpg' }, 'image')).toBeUndefined();
  });
});

describe('token source', () => {
  it('accepts a string, a function of the typed id, or ContentPreview’s map', async () => {
    expect(await readToken('abc', '1001')).toBe('abc');
    const asked: string[] = [];
    expect(await readToken(async (id) => (asked.push(id), 'fresh'), '1001')).toBe('fresh');
    expect(asked).toEqual(['file_1001']);
    expect(await readToken(async (id) => ({ [id]: 'mapped' }), '1001')).toBe('mapped');
    expect(await readToken(async () => ({ read: 'read-token', write: 'write-token' }), '1001')).toBe('read-token');
  });

  it('asks the function again on every call, so a renewed token is used at once', async () => {
    let current = 'first';
    const source = async () => current;
    expect(await readToken(source, '1')).toBe('first');
    current = 'second';
    expect(await readToken(source, '1')).toBe('second');
  });

  it('fails when the function yields no token, rather than sending an empty one', async () => {
    await expect(readToken(async () => undefined, '1')).rejects.toThrow('no token');
    await expect(readToken(async () => ({ file_2: 'other' }), '1')).rejects.toThrow('no token');
  });
});

describe('viewer helpers', () => {
  it('strips ContentPreview’s modifier prefix from keys', () => {
    expect(bareKey('Shift++')).toBe('+');
    expect(bareKey('-')).toBe('-');
    expect(bareKey('ArrowLeft')).toBe('ArrowLeft');
  });

  it('bounds zoom', () => {
    expect(clampZoom(100)).toBe(MAX_ZOOM);
    expect(clampZoom(0)).toBe(MIN_ZOOM);
    expect(clampZoom(1.5)).toBe(1.5);
  });
});
