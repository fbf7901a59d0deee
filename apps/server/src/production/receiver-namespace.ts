import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const RECEIVER = fileURLToPath(new URL('./webhook-receiver.mjs', import.meta.url));
const RECEIVER_PORT = 8080;

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Why this machine cannot give the receiver a network namespace (`ip netns` needs root or CAP_NET_ADMIN), or null. */
export function namespaceProblem(): string | null {
  const probe = `certhub-probe-${randomBytes(3).toString('hex')}`;
  try {
    ip('netns', 'add', probe);
    ip('netns', 'delete', probe);
    return null;
  } catch (error) {
    return `ip netns is not permitted here (${String((error as { stderr?: string }).stderr ?? error).trim() || 'failed'})`;
  }
}

export interface Delivery {
  method: string;
  url: string;
  headers: Record<string, string | undefined>;
  body: string;
}

export interface NamespacedReceiver {
  /** http://100.128.x.2:8080/certhub: an address production accepts, reachable only over the veth. */
  url: string;
  deliveries: Delivery[];
  stop(): Promise<void>;
}

/**
 * A webhook receiver at a public-classified address that is routed nowhere but a veth pair into a
 * network namespace made for the test: production refuses loopback and private receivers, and the
 * only traffic the tests may send leaves loopback for namespaces of their own. 100.128.x.0/24 lies
 * just outside CGNAT's 100.64.0.0/10 and in no special-purpose block; the veth's connected route
 * sends it there and nowhere else. Everything is removed by `stop`.
 */
export async function startNamespacedReceiver(): Promise<NamespacedReceiver> {
  const tag = randomBytes(3).toString('hex');
  const namespace = `certhub-wh-${tag}`;
  const hostSide = `chw${tag}h`;
  const receiverSide = `chw${tag}r`;
  // A /24 no interface of this machine has an address in, so parallel runs never share one.
  let subnet = '';
  for (let attempt = 0; attempt < 20 && !subnet; attempt += 1) {
    const candidate = `100.128.${randomInt(0, 256)}`;
    if (ip('-o', 'addr', 'show', 'to', `${candidate}.0/24`).trim() === '') subnet = candidate;
  }
  if (!subnet) throw new Error('no free 100.128.x.0/24 subnet for the receiver namespace');
  const hostAddress = `${subnet}.1`;
  const receiverAddress = `${subnet}.2`;
  let receiver: ChildProcess | undefined;
  const stop = async () => {
    if (receiver && receiver.exitCode === null) {
      const exited = new Promise((resolve) => receiver?.once('exit', resolve));
      receiver.kill('SIGTERM');
      await exited;
    }
    // Deleting the namespace deletes its end of the veth, and with it the host's end and route.
    try {
      ip('link', 'delete', hostSide);
    } catch {
      // Not created, or gone with the namespace.
    }
    try {
      ip('netns', 'delete', namespace);
    } catch {
      // Not created.
    }
  };
  try {
    ip('netns', 'add', namespace);
    ip('link', 'add', hostSide, 'type', 'veth', 'peer', 'name', receiverSide);
    ip('link', 'set', receiverSide, 'netns', namespace);
    ip('addr', 'add', `${hostAddress}/24`, 'dev', hostSide);
    ip('link', 'set', hostSide, 'up');
    ip('netns', 'exec', namespace, 'ip', 'addr', 'add', `${receiverAddress}/24`, 'dev', receiverSide);
    ip('netns', 'exec', namespace, 'ip', 'link', 'set', receiverSide, 'up');
    ip('netns', 'exec', namespace, 'ip', 'link', 'set', 'lo', 'up');
    // The guarantee the test rests on: the receiver's address goes over the veth, nowhere else.
    const route = ip('route', 'get', receiverAddress);
    if (!route.includes(`dev ${hostSide}`)) throw new Error(`${receiverAddress} would not go over ${hostSide}: ${route}`);

    const deliveries: Delivery[] = [];
    const child = spawn('ip', ['netns', 'exec', namespace, process.execPath, RECEIVER, String(RECEIVER_PORT)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    receiver = child;
    let output = '';
    let errors = '';
    child.stderr?.on('data', (chunk) => {
      errors += chunk;
    });
    const listening = new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the receiver exited (${code}): ${errors}`)));
      child.stdout?.on('data', (chunk) => {
        output += chunk;
        let newline = output.indexOf('\n');
        while (newline >= 0) {
          const line = output.slice(0, newline);
          output = output.slice(newline + 1);
          if (line === 'listening') resolve();
          else if (line) deliveries.push(JSON.parse(line) as Delivery);
          newline = output.indexOf('\n');
        }
      });
    });
    await Promise.race([
      listening,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`the receiver did not start: ${errors}`)), 10_000)),
    ]);
    return { url: `http://${receiverAddress}:${RECEIVER_PORT}/certhub`, deliveries, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
