import { describe, expect, it } from 'vitest';
import { parseFileId } from '@/lib/box/file-id';
import { ApiError } from '@/lib/http/api-error';

describe('parseFileId', () => {
  it.each(['0', '1001', '12345678901234567890'])('accepts %s', (id) => {
    expect(parseFileId(id)).toBe(id);
  });

  it.each(['', 'abc', '-1', '1/../2', '1.5', ' 1', '1 ', '1\n', '١٢٣', '１２３', '123456789012345678901', '9'.repeat(10_000), undefined, 12])(
    'rejects %j with 400 bad_request:file_id',
    (raw) => {
      let caught: unknown;
      try {
        parseFileId(raw);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ApiError);
      expect((caught as ApiError).status).toBe(400);
      expect((caught as ApiError).code).toBe('bad_request:file_id');
    },
  );
});
