/**
 * Next's start-up hook in a process of its own, for the data-dir lock test:
 * runs `register()` as `next start` would and prints `registered` if it returns.
 */
process.env.NEXT_RUNTIME = 'nodejs';

async function main(): Promise<void> {
  const { register } = await import('../../instrumentation');
  await register();
  process.stdout.write('registered\n');
}

void main();
export {};
