import { once } from 'node:events';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordChange } from '../../modules/change/record-change.js';
import { DEFAULT_SESSION_POLICY } from '../../server.js';
import { applicationForm, setProgram, submit } from '../../test/applications.js';
import { importSeed } from '../../test/seed-catalog.js';
import { startTestServer, type TestServer } from '../../test/test-server.js';
import { NotificationEntity } from './notification.entity.js';
import { LogSender, type NotificationSender, type OutgoingMessage, SmtpSender } from './notification-sender.js';
import { NotificationWorker, type NotificationWorkerPolicy } from './notification-worker.js';

const POLICY: NotificationWorkerPolicy = {
  pollIntervalMs: 10,
  batchSize: 50,
  maxAttempts: 3,
  baseDelayMs: 60_000,
  maxDelayMs: 90_000,
  leaseMs: 300_000,
};

const quiet = { error: () => undefined, warn: () => undefined };

/** A sender that fails its first `failures` attempts, then records what it sends. */
class FlakySender implements NotificationSender {
  readonly name = 'flaky';
  readonly sent: OutgoingMessage[] = [];
  attempts = 0;
  constructor(private failures: number) {}
  recover(): void {
    this.failures = 0;
  }
  async send(message: OutgoingMessage): Promise<void> {
    this.attempts++;
    if (this.failures > 0) {
      this.failures--;
      throw new Error('mail server unreachable');
    }
    this.sent.push(message);
  }
}

describe('the notification outbox and its worker', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer((db) => importSeed(db.dataSource), {
      services: { session: DEFAULT_SESSION_POLICY, applications: { perHour: 0, staffNotificationEmail: null } },
    });
  });
  afterAll(() => server.close());

  const outbox = () => server.db.dataSource.getRepository(NotificationEntity);
  const enqueue = (subject: string, recipient: string | null = 'jane@example.com') =>
    server.db.dataSource.transaction((manager) =>
      recordChange(manager, {
        emails: [{ kind: 'test', audience: 'APPLICANT', recipient, subject, body: `Body of ${subject}` }],
      }),
    );
  beforeEach(async () => {
    await outbox().clear();
  });

  it('retries a failed delivery with exponential backoff, then marks it sent', async () => {
    await enqueue('Hello');
    const sender = new FlakySender(2);
    const worker = new NotificationWorker(server.db.dataSource, sender, POLICY, quiet);
    const start = new Date();

    expect(await worker.runOnce(start)).toEqual({ sent: 0, retried: 1, failed: 0 });
    let row = await outbox().findOneByOrFail({ subject: 'Hello' });
    expect(row).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'mail server unreachable' });
    expect(row.nextAttemptAt.getTime()).toBe(start.getTime() + 60_000);

    // Not due yet: nothing happens.
    expect(await worker.runOnce(new Date(start.getTime() + 59_000))).toEqual({ sent: 0, retried: 0, failed: 0 });
    const second = new Date(start.getTime() + 60_000);
    expect(await worker.runOnce(second)).toEqual({ sent: 0, retried: 1, failed: 0 });
    row = await outbox().findOneByOrFail({ subject: 'Hello' });
    expect(row.nextAttemptAt.getTime()).toBe(second.getTime() + 90_000); // 120 s, capped at 90 s

    expect(await worker.runOnce(new Date(second.getTime() + 90_000))).toEqual({ sent: 1, retried: 0, failed: 0 });
    row = await outbox().findOneByOrFail({ subject: 'Hello' });
    expect(row).toMatchObject({ status: 'SENT', attempts: 3, lastError: null, sentAt: expect.any(Date) });
    expect(sender.sent).toEqual([{ to: 'jane@example.com', subject: 'Hello', text: 'Body of Hello' }]);
    expect(worker.backoff(1)).toBe(60_000);
    expect(worker.backoff(2)).toBe(90_000);
  });

  it('gives up after the last attempt, keeping the error', async () => {
    await enqueue('Doomed');
    const worker = new NotificationWorker(server.db.dataSource, new FlakySender(Number.POSITIVE_INFINITY), POLICY, quiet);
    let now = Date.now();
    const runs = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      runs.push(await worker.runOnce(new Date(now)));
      now += POLICY.maxDelayMs;
    }
    expect(runs).toEqual([
      { sent: 0, retried: 1, failed: 0 },
      { sent: 0, retried: 1, failed: 0 },
      { sent: 0, retried: 0, failed: 1 },
      { sent: 0, retried: 0, failed: 0 },
    ]);
    expect(await outbox().findOneByOrFail({ subject: 'Doomed' })).toMatchObject({
      status: 'FAILED',
      attempts: 3,
      lastError: 'mail server unreachable',
    });
  });

  it('sends each notification once, however many workers look at the outbox', async () => {
    for (let index = 0; index < 10; index++) await enqueue(`Message ${index}`);
    const senders = [new FlakySender(0), new FlakySender(0), new FlakySender(0)];
    const workers = senders.map((sender) => new NotificationWorker(server.db.dataSource, sender, POLICY, quiet));
    await Promise.all(workers.map((worker) => worker.runOnce()));
    const subjects = senders.flatMap((sender) => sender.sent.map((message) => message.subject)).sort();
    expect(subjects).toEqual(Array.from({ length: 10 }, (_, index) => `Message ${index}`));
    expect(await outbox().countBy({ status: 'SENT' })).toBe(10);
  });

  it('never holds up or fails the change that caused a notification, and delivers it once the sender recovers', async () => {
    const gateway = await setProgram(server.db.dataSource, 'gateway', { admissionStatus: 'SEEKING_PARTNERS' });
    const sender = new FlakySender(1_000);
    const worker = new NotificationWorker(
      server.db.dataSource,
      sender,
      { ...POLICY, baseDelayMs: 1, maxDelayMs: 1, maxAttempts: 1_000 },
      quiet,
    );
    worker.start();
    try {
      const receipt = await submit(server.client(), applicationForm(gateway));
      expect(receipt.reference).toMatch(/^APP-/);
      await expect.poll(() => sender.attempts, { timeout: 5_000 }).toBeGreaterThan(2);
      expect(await outbox().countBy({ status: 'PENDING' })).toBe(2);
      // The mail server comes back.
      sender.recover();
      await expect.poll(() => outbox().countBy({ status: 'SENT' }), { timeout: 5_000 }).toBe(2);
    } finally {
      await worker.stop();
    }
    // Staff have no address configured: theirs is delivered to the log.
    expect(sender.sent.map((message) => message.to).sort()).toEqual(['jane@acme.example', null]);
  });

  it('on stop, gives back a message whose sender ignores the deadline, and records nothing when it ends late', async () => {
    await enqueue('Stuck');
    let finish: () => void = () => undefined;
    const stuck: NotificationSender = {
      name: 'stuck',
      // Like an SMTP server that never answers: the sender takes no abort signal.
      send: () =>
        new Promise<void>((resolve) => {
          finish = resolve;
        }),
    };
    const worker = new NotificationWorker(server.db.dataSource, stuck, POLICY, quiet);
    const before = await outbox().findOneByOrFail({ subject: 'Stuck' });
    void worker.runOnce();
    await expect.poll(async () => (await outbox().findOneByOrFail({ subject: 'Stuck' })).attempts).toBe(1);
    await worker.stop(200);
    const given = { status: 'PENDING', attempts: 0, lastError: null, nextAttemptAt: before.nextAttemptAt };
    expect(await outbox().findOneByOrFail({ subject: 'Stuck' })).toMatchObject(given);
    finish();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await outbox().findOneByOrFail({ subject: 'Stuck' })).toMatchObject(given);
  });

  it('writes messages to the log without SMTP', async () => {
    const lines: string[] = [];
    await new LogSender((line) => lines.push(line)).send({ to: 'jane@example.com', subject: 'Hi', text: 'One\nTwo' });
    expect(lines).toEqual(['Notification to jane@example.com: Hi\n  | One\n  | Two']);
  });
});

describe('the SMTP sender', () => {
  let smtp: Server;
  let port: number;
  const received: string[] = [];
  beforeAll(async () => {
    // Just enough of an SMTP server on the loopback address to take one message.
    smtp = createServer((socket) => {
      let data = false;
      let message = '';
      socket.write('220 test ESMTP\r\n');
      socket.on('data', (chunk) => {
        for (const line of chunk.toString('utf8').split('\r\n').filter(Boolean)) {
          if (data) {
            if (line === '.') {
              data = false;
              received.push(message);
              socket.write('250 queued\r\n');
            } else message += `${line}\n`;
          } else if (/^(EHLO|HELO)/i.test(line)) socket.write('250 test\r\n');
          else if (/^DATA/i.test(line)) {
            data = true;
            socket.write('354 go ahead\r\n');
          } else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
          else socket.write('250 ok\r\n');
        }
      });
    });
    smtp.listen(0, '127.0.0.1');
    await once(smtp, 'listening');
    port = (smtp.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

  it('sends through SMTP_URL, and logs a message without an address', async () => {
    const logged: string[] = [];
    const sender = new SmtpSender(
      `smtp://127.0.0.1:${port}?ignoreTLS=true`,
      'CertHub <certhub@example.com>',
      new LogSender((line) => logged.push(line)),
    );
    await sender.send({ to: 'jane@example.com', subject: 'Your application', text: 'Accepted.' });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatch(/^From: CertHub <certhub@example\.com>$/m);
    expect(received[0]).toMatch(/^To: jane@example\.com$/m);
    expect(received[0]).toMatch(/^Subject: Your application$/m);
    expect(received[0]).toContain('Accepted.');
    await sender.send({ to: null, subject: 'New application', text: 'For staff' });
    expect(received).toHaveLength(1);
    expect(logged[0]).toMatch(/^Notification to staff/);
  });
});
