import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on 127.0.0.1 for tests: records what it accepts, can refuse or stall on purpose. */
export interface ReceivedMail {
  key: string;
  messageId: string;
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  acceptedAt: number;
}

export interface SmtpSink {
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Answers the next `count` messages with 451 (a temporary failure). */
  refuseNext(count: number): void;
  /** Never answers message number `index` (0-based, counted over all messages offered); resolves when it arrives. */
  stallMessage(index: number): Promise<void>;
  /** Mails per idempotency key. */
  countsByKey(): Map<string, number>;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpSink(options: { user?: string; password?: string } = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  let refusals = 0;
  let offered = 0;
  const stalls = new Map<number, () => void>();
  const server = new SMTPServer({
    secure: false,
    disabledCommands: options.user ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.user,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.password) return callback(null, { user: auth.username });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, _session, callback) {
      const index = offered++;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const stalled = stalls.get(index);
        if (stalled) {
          stalled();
          return; // never answer: the client waits until it is killed or times out
        }
        if (refusals > 0) {
          refusals -= 1;
          const error = Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 });
          return callback(error);
        }
        simpleParser(Buffer.concat(chunks))
          .then((mail: ParsedMail) => {
            const header = mail.headers.get('x-easel-idempotency-key');
            received.push({
              key: typeof header === 'string' ? header : '',
              messageId: mail.messageId ?? '',
              to: mail.to && !Array.isArray(mail.to) ? mail.to.text : '',
              from: mail.from?.text ?? '',
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              acceptedAt: Date.now(),
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;
  const credentials = options.user ? `${encodeURIComponent(options.user)}:${encodeURIComponent(options.password ?? '')}@` : '';
  return {
    url: `smtp://${credentials}127.0.0.1:${port}`,
    port,
    received,
    refuseNext(count) {
      refusals = count;
    },
    stallMessage(index) {
      return new Promise((resolve) => stalls.set(index, resolve));
    },
    countsByKey() {
      const counts = new Map<string, number>();
      for (const mail of received) counts.set(mail.key, (counts.get(mail.key) ?? 0) + 1);
      return counts;
    },
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} mails, got ${received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return received;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
