import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CERT = fileURLToPath(new URL('../test/fixtures/webhook-receiver.crt', import.meta.url));
const KEY = fileURLToPath(new URL('../test/fixtures/webhook-receiver.key', import.meta.url));
const TRANSPORT = new URL('../../dist/modules/webhook/webhook-transport.js', import.meta.url).href;

/**
 * A webhook over https connects to the checked address, yet TLS must still be about the name: SNI
 * and the certificate check. The built transport runs in a process of its own that trusts the test
 * certificate (NODE_EXTRA_CA_CERTS is read at start-up only); the "public" address is routed to the
 * receiver on loopback.
 */
describe('webhooks over https to a checked address', () => {
  let receiver: Server;
  const seen: Array<{ host: string | undefined; servername: string | false | undefined }> = [];

  beforeAll(async () => {
    receiver = createServer({ cert: readFileSync(CERT), key: readFileSync(KEY) }, (request, response) => {
      seen.push({ host: request.headers.host, servername: (request.socket as { servername?: string | false }).servername });
      response.writeHead(204).end();
    }).listen(0, '127.0.0.1');
    await once(receiver, 'listening');
  });
  afterAll(() => {
    receiver.close();
  });

  const post = async (name: string) => {
    const script = `
      import { postToTarget } from ${JSON.stringify(TRANSPORT)};
      const route = () => ({ address: '127.0.0.1', family: 4, port: ${(receiver.address() as AddressInfo).port} });
      const target = { url: new URL('https://${name}/hooks'), addresses: [{ address: '93.184.216.34', family: 4 }] };
      const request = { headers: {}, body: '{}', signal: AbortSignal.timeout(5000) };
      try {
        console.log(JSON.stringify({ status: await postToTarget(target, request, route) }));
      } catch (error) {
        console.log(JSON.stringify({ error: error.code ?? error.message }));
      }`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: CERT },
    });
    return JSON.parse(stdout) as { status?: number; error?: string };
  };

  it('sends the name as SNI and Host, and the certificate is checked against the name', async () => {
    expect(await post('hooks.partner.example')).toEqual({ status: 204 });
    expect(seen).toEqual([{ host: 'hooks.partner.example', servername: 'hooks.partner.example' }]);
    // The same certificate for another name is refused, so the check did not skip the name.
    expect(await post('other.example')).toEqual({ error: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });
});
