import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeLoopbackCertificate } from '@certhub/e2e-support/loopback-certificate';
import { freePort } from '../test/server-process.js';

/** Debian's nginx (`apt-get install nginx-light`), as the deployment guide puts it in front of the server. */
export const NGINX = process.env.NGINX_BINARY ?? '/usr/sbin/nginx';

/** Why the proxy cannot run here, or null. */
export function reverseProxyProblem(): string | null {
  if (!existsSync(NGINX)) return `no nginx at ${NGINX} (apt-get install nginx-light)`;
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
  } catch {
    return 'no openssl on the PATH';
  }
  return null;
}

export interface ReverseProxy {
  /** https://127.0.0.1:<port>: what clients connect to. */
  origin: string;
  /** The self-signed certificate clients must trust (PEM). */
  certificate: string;
  /** nginx's access log (client address first), for the test's failure messages. */
  accessLog(): string;
  stop(): Promise<void>;
}

/**
 * nginx terminating TLS on a free loopback port and forwarding to `upstreamPort`, configured as the
 * README's deployment guide says: X-Forwarded-For appended to, X-Forwarded-Proto set, the Host kept,
 * WebSocket upgrades on /graphql forwarded. Everything it writes (pid, logs, temp files, the
 * certificate) lives in a temporary folder; it runs as the current user, in the foreground.
 */
export async function startReverseProxy(upstreamPort: number): Promise<ReverseProxy> {
  const folder = mkdtempSync(path.join(tmpdir(), 'certhub-nginx-'));
  const file = (name: string) => path.join(folder, name);
  // A certificate for the address clients use, made for this run only.
  makeLoopbackCertificate(folder);
  const port = await freePort();
  // nginx drops privileges to `nobody` when started by root unless told otherwise; run its workers as us.
  const user = process.getuid?.() === 0 ? 'user root;' : '';
  writeFileSync(
    file('nginx.conf'),
    `${user}
daemon off;
worker_processes 1;
pid ${file('nginx.pid')};
error_log ${file('error.log')} warn;
events { worker_connections 256; }
http {
  access_log ${file('access.log')};
  client_body_temp_path ${file('client_body')};
  proxy_temp_path ${file('proxy')};
  fastcgi_temp_path ${file('fastcgi')};
  uwsgi_temp_path ${file('uwsgi')};
  scgi_temp_path ${file('scgi')};
  map $http_upgrade $connection_upgrade {
    default upgrade;
    '' '';
  }
  upstream certhub {
    server 127.0.0.1:${upstreamPort};
    keepalive 8;
  }
  server {
    listen 127.0.0.1:${port} ssl;
    ssl_certificate ${file('cert.pem')};
    ssl_certificate_key ${file('key.pem')};
    location / {
      proxy_pass http://certhub;
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_read_timeout 300s;
    }
  }
}
`,
  );
  const child: ChildProcess = spawn(NGINX, ['-p', folder, '-e', file('error.log'), '-c', file('nginx.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errorLog = () => (existsSync(file('error.log')) ? readFileSync(file('error.log'), 'utf8') : '');
  const deadline = Date.now() + 10_000;
  // Listening once it wrote its pid file and accepts connections.
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}):\n${stderr}${errorLog()}`);
    if (Date.now() > deadline) throw new Error(`nginx did not start:\n${stderr}${errorLog()}`);
    if (existsSync(file('nginx.pid')) && (await accepts(port))) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    origin: `https://127.0.0.1:${port}`,
    certificate: readFileSync(file('cert.pem'), 'utf8'),
    accessLog: () => (existsSync(file('access.log')) ? readFileSync(file('access.log'), 'utf8') : ''),
    async stop() {
      if (child.exitCode === null) {
        // SIGQUIT: nginx's graceful stop; then the folder goes.
        child.kill('SIGQUIT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
