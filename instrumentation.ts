/** Next calls this once per server process at start. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startNotificationWorker } = await import('./lib/notify/notification-service');
  startNotificationWorker();
}
