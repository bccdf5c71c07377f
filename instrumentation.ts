/** Next calls this once per server process at start. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const [{ openEmbeddedStoreAtStart }, { startNotificationWorker }, { warmUp }] = await Promise.all([
    import('./lib/db/get-store'),
    import('./lib/notify/notification-service'),
    import('./lib/access/warm-up'),
  ]);
  // A second server on the same embedded database stops here, with the lock's message.
  await openEmbeddedStoreAtStart();
  startNotificationWorker();
  void warmUp();
}
