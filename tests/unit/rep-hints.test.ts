import { describe, expect, it } from 'vitest';
import { findSampleFile } from '@/lib/sandbox/catalog';
import { representationsOf } from '@/lib/sandbox/content-layout';
import { parseRepHints, selectRepresentations } from '@/lib/sandbox/rep-hints';

const image = representationsOf(findSampleFile('1001')!);
const pdf = representationsOf(findSampleFile('1009')!);
const keys = (header: string | undefined, reps = image) => selectRepresentations(reps, parseRepHints(header)).map((r) => r.key);

describe('X-Rep-Hints', () => {
  it('parses groups of alternatives with their dimensions', () => {
    expect(parseRepHints('[pdf][jpg?dimensions=1024x1024&paged=false,png?dimensions=2048x2048]')).toEqual([
      [{ representation: 'pdf', dimensions: undefined }],
      [
        { representation: 'jpg', dimensions: '1024x1024' },
        { representation: 'png', dimensions: '2048x2048' },
      ],
    ]);
    expect(parseRepHints(undefined)).toBeUndefined();
    expect(parseRepHints('  ')).toBeUndefined();
  });

  it('takes the first available alternative of each group, once', () => {
    expect(keys('[webp?dimensions=1024x1024,png?dimensions=1024x1024,jpg?dimensions=1024x1024]')).toEqual(['png_paged_1024x1024']);
    expect(keys('[jpg?dimensions=320x320][jpg?dimensions=320x320]')).toEqual(['jpg_thumb_320x320']);
    expect(keys('[jpg?dimensions=999x999][mp4]')).toEqual([]);
    expect(keys('[pdf][png?dimensions=1024x1024]', pdf)).toEqual(['pdf']);
  });

  it('returns everything without hints, and nothing for a header with no groups', () => {
    expect(keys(undefined)).toHaveLength(image.length);
    expect(keys('garbage')).toEqual([]);
  });
});
