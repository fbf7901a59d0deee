import { request } from 'node:https';

export interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface HttpsRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The loopback address the client connects from, so the proxy sees a client address of its own. */
  localAddress?: string;
}

/**
 * A client of the proxy over TLS that trusts only the test's self-signed certificate (no
 * `rejectUnauthorized: false`), and keeps the cookies the server sets, as a browser would on https.
 */
export function httpsClient(origin: string, certificate: string, localAddress = '127.0.0.1') {
  const cookies = new Map<string, string>();
  const send = (target: string, options: HttpsRequest = {}): Promise<HttpsAnswer> =>
    new Promise((resolve, reject) => {
      const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      const call = request(
        `${origin}${target}`,
        {
          method: options.method ?? 'GET',
          ca: certificate,
          agent: false,
          localAddress: options.localAddress ?? localAddress,
          headers: {
            ...(cookie ? { cookie } : {}),
            ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...options.headers,
          },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('end', () => {
            for (const line of response.headers['set-cookie'] ?? []) {
              const [pair = ''] = line.split(';');
              const [name = '', ...value] = pair.split('=');
              if (/;\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(line)) cookies.delete(name.trim());
              else cookies.set(name.trim(), value.join('='));
            }
            resolve({ status: response.statusCode ?? 0, headers: response.headers, text });
          });
          response.on('error', reject);
        },
      );
      call.on('error', reject);
      call.end(options.body);
    });
  return {
    cookies,
    send,
    async graphql<T>(
      query: string,
      variables?: Record<string, unknown>,
      options: Omit<HttpsRequest, 'body' | 'method'> = {},
    ): Promise<{ data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }>; answer: HttpsAnswer }> {
      const answer = await send('/graphql', { ...options, method: 'POST', body: JSON.stringify({ query, variables }) });
      const parsed = JSON.parse(answer.text) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
      return { ...parsed, answer };
    },
  };
}
