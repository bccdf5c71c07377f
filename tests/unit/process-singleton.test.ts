import { describe, expect, it } from 'vitest';
import { processSingleton, resetProcessSingleton } from '@/lib/process-singleton';

describe('processSingleton', () => {
  it('creates once per name, even when asked through separate module copies', async () => {
    let created = 0;
    const first = processSingleton('test.once', () => ({ id: ++created }));
    // A second copy of the module (as a second Next route bundle would load) sees the same instance.
    const specifier = '@/lib/process-singleton?copy';
    const copy = (await import(/* @vite-ignore */ specifier)) as typeof import('@/lib/process-singleton');
    expect(copy.processSingleton).not.toBe(processSingleton);
    const second = copy.processSingleton('test.once', () => ({ id: ++created }));
    expect(second).toBe(first);
    expect(created).toBe(1);
  });

  it('creates again after a reset', () => {
    const first = processSingleton('test.reset', () => ({}));
    resetProcessSingleton('test.reset');
    expect(processSingleton('test.reset', () => ({}))).not.toBe(first);
  });
});
