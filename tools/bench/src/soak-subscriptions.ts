import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { Attempt, SoakClient } from './soak-client.js';
import { type Catalog, type LoadKind, pick, type TimedAttempt } from './soak-workload.js';

/**
 * Subscriptions over graphql-ws on /graphql, when the server has them: subscribers connected for
 * the whole run, counting the status changes the staff edits announce, and a kind in the mix that
 * connects, subscribes, holds a moment and leaves (what leaks, if anything does, on the server).
 */
const STATUS_CHANGED = 'subscription SoakStatusChanged { programStatusChanged { program { slug } from to changedAt } }';
const PROGRAM_CHANGED =
  'subscription SoakProgramChanged($programId: ID!) { programChanged(programId: $programId) { slug version } }';
/** The fields the soak subscribes to: both must be in the schema for it to use subscriptions. */
const NEEDED_FIELDS = ['programStatusChanged', 'programChanged'];
/** How long a short-lived subscription stays open once connected: long enough for the server to set it up. */
const HOLD_MS = 50;
const CONNECT_TIMEOUT_MS = 30_000;

/** Whether this build serves the subscriptions the soak drives; `note` says what the report should. */
export async function subscriptionSupport(client: SoakClient): Promise<{ available: boolean; note: string }> {
  const answer = await client.graphql<{ __schema: { subscriptionType: { fields: Array<{ name: string }> } | null } }>(
    '{ __schema { subscriptionType { fields { name } } } }',
  );
  const fields = answer.data?.__schema.subscriptionType?.fields.map((field) => field.name) ?? [];
  if (fields.length === 0) return { available: false, note: 'subscriptions: not available in this build' };
  const missing = NEEDED_FIELDS.filter((name) => !fields.includes(name));
  if (missing.length > 0) {
    return {
      available: false,
      note: `subscriptions: the schema has ${fields.join(', ')} but not ${missing.join(', ')}, which the soak drives`,
    };
  }
  return { available: true, note: 'subscriptions: over graphql-ws on /graphql' };
}

function connect(origin: string, on: Parameters<typeof createClient>[0]['on']): Client {
  return createClient({
    url: `${origin.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    lazy: true,
    // A dropped connection is a failure to report, not something to paper over with retries.
    retryAttempts: 0,
    on,
  });
}

/** Subscribers kept for the whole run: each should hear of every status change the staff edits make. */
export class LongLivedSubscribers {
  private readonly received: number[] = [];
  private readonly clients: Client[] = [];
  private stopping = false;
  /** Errors and unexpected closes: the server's faults, counted with the request errors. */
  readonly failures: string[] = [];

  async start(origin: string, count: number): Promise<void> {
    await Promise.all(Array.from({ length: count }, (_, index) => this.startOne(origin, index)));
  }

  private startOne(origin: string, index: number): Promise<void> {
    this.received[index] = 0;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Subscriber ${index} did not connect.`)), CONNECT_TIMEOUT_MS);
      const client = connect(origin, {
        connected: () => {
          clearTimeout(timer);
          resolve();
        },
        closed: (event) => {
          if (!this.stopping) this.failures.push(`subscriber ${index} closed: ${describeClose(event)}`);
        },
      });
      this.clients.push(client);
      client.subscribe(
        { query: STATUS_CHANGED },
        {
          next: () => {
            this.received[index] = (this.received[index] ?? 0) + 1;
          },
          error: (error) => this.failures.push(`subscriber ${index}: ${describeError(error)}`),
          complete: () => {
            if (!this.stopping) this.failures.push(`subscriber ${index}: the server completed the subscription`);
          },
        },
      );
    });
  }

  /** Events each subscriber has received so far. */
  eventCounts(): number[] {
    return [...this.received];
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.clients.map(disposeOf));
  }
}

/**
 * Connect, subscribe to one program, hold, unsubscribe, close. Its latency is the time to the
 * server's acknowledgement of the connection: the hold is the soak's own wait, not the server's.
 */
export function subscriptionChurn(origin: string, catalog: Catalog): LoadKind {
  return {
    name: 'subscription',
    weight: 10,
    run: () =>
      new Promise<TimedAttempt>((resolve) => {
        const started = performance.now();
        let acknowledgedMs: number | undefined;
        let settled = false;
        const finish = (attempt: Attempt) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          unsubscribe();
          void disposeOf(client);
          resolve({ ...attempt, latencyMs: acknowledgedMs ?? performance.now() - started });
        };
        const timer = setTimeout(
          () => finish({ outcome: 'error', detail: 'no acknowledgement within 30 s' }),
          CONNECT_TIMEOUT_MS,
        );
        const client = connect(origin, {
          connected: () => {
            acknowledgedMs = performance.now() - started;
            setTimeout(() => finish({ outcome: 'ok' }), HOLD_MS);
          },
          closed: (event) => finish({ outcome: 'error', detail: `closed before it was done: ${describeClose(event)}` }),
        });
        const unsubscribe = client.subscribe(
          { query: PROGRAM_CHANGED, variables: { programId: pick(catalog.programs).id } },
          {
            next: () => undefined,
            error: (error) => finish({ outcome: 'error', detail: describeError(error) }),
            complete: () => undefined,
          },
        );
      }),
  };
}

/**
 * Closes `client`. graphql-ws's `dispose` rejects with the close event when the socket closed
 * before the server acknowledged it: that close was reported already, by the `closed` listener or
 * the subscription's `error`, so it is not thrown again (unhandled, it stopped a soak).
 */
async function disposeOf(client: Client): Promise<void> {
  try {
    await client.dispose();
  } catch {
    // Reported where it happened (above).
  }
}

function describeClose(event: unknown): string {
  const { code, reason } = event as { code?: number; reason?: string };
  return `code ${code ?? '?'}${reason ? ` (${reason})` : ''}`;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (Array.isArray(error)) return error.map((item: { message?: string }) => item.message ?? String(item)).join('; ');
  return describeClose(error);
}
