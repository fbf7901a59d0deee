// A webhook receiver, run inside the test's network namespace (`ip netns exec <ns> node webhook-receiver.mjs <port>`):
// it prints "listening" once it listens, then one JSON line per delivery (headers and raw body).
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 8080);
createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk) => {
    body += chunk;
  });
  request.on('end', () => {
    process.stdout.write(`${JSON.stringify({ method: request.method, url: request.url, headers: request.headers, body })}\n`);
    response.end('ok');
  });
}).listen(port, '0.0.0.0', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => process.exit(0));
