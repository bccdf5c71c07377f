/** Next calls this once per server process at start. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const [{ startNotificationWorker }, { warmUp }] = await Promise.all([
    import('./lib/notify/notification-service'),
    import('./lib/access/warm-up'),
  ]);
  startNotificationWorker();
  void warmUp();
}
