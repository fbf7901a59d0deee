import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { REPO_ROOT } from './paths.js';

/** A server the benchmark started as a child process, listening on loopback. */
export interface ChildServer {
  name: string;
  pid: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  stop(): Promise<void>;
}

export interface ChildServerOptions {
  name: string;
  script: string;
  env: Record<string, string>;
  /** Node flags placed before the script, e.g. `--cpu-prof`. */
  nodeFlags?: string[];
}

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
/** How much of a child's output is kept to explain why it failed. */
const OUTPUT_TAIL_CHARS = 4_000;

/** Every child still running, so that an interrupted benchmark can end them (see `killChildServers`). */
const running = new Set<ChildProcess>();

/** Starts `node <script>` with PORT and HOST set, and resolves once its /healthz answers 200. */
/** Production requires the signed directory's key (DIRECTORY_SIGNING_KEY): a fresh P-256 key for one run. */
export function runSigningKey(): string {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export async function startChildServer({ name, script, env, nodeFlags = [] }: ChildServerOptions): Promise<ChildServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  // Node itself, not a shell or npm: the pid must be the server's own, for the /proc readings.
  const child = spawn(process.execPath, [...nodeFlags, script], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${name} could not be started.`);
  running.add(child);
  const output = captureOutputTail(child);
  // Once serving, it should only exit when told to: say so loudly otherwise (starting reports its own failure).
  let serving = false;
  let stopping = false;
  child.once('exit', (code, signal) => {
    running.delete(child);
    if (serving && !stopping) console.error(`\n${name} exited unexpectedly (${signal ?? `code ${code}`}):\n${output()}`);
  });

  await waitUntilHealthy(name, origin, child, output);
  serving = true;
  return {
    name,
    pid: child.pid,
    origin,
    async stop() {
      stopping = true;
      await stopChild(child);
    },
  };
}

/** Last resort on exit or interruption: signals every child still running, synchronously. */
export function killChildServers(): void {
  for (const child of running) child.kill('SIGTERM');
}

/** A port nobody listens on now: bind port 0, note what the system chose, release it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No port.'))));
    });
  });
}

/** Reads the child's output as it comes (a full pipe would block it) and keeps the end of it. */
function captureOutputTail(child: ChildProcess): () => string {
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => tail;
}

async function waitUntilHealthy(name: string, origin: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} stopped while starting:\n${output()}`);
    if (await answersHealthy(origin)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${name} was not healthy within ${READY_TIMEOUT_MS / 1000} s:\n${output()}`);
}

async function answersHealthy(origin: string): Promise<boolean> {
  try {
    const response = await fetch(`${origin}/healthz`);
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false; // not listening yet
  }
}

/** SIGTERM lets CertHub close its database (and Node write a --cpu-prof profile); SIGKILL if it hangs. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
