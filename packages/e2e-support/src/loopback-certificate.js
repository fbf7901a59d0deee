import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * A self-signed certificate for 127.0.0.1, made by `openssl` into `folder` for one run (a day's
 * validity, an EC key). Plain JavaScript so that the benchmarks' built code can load it as well as
 * the tests.
 * @param {string} folder
 * @returns {{ key: string, cert: string }} the paths of the key and certificate (PEM)
 */
export function makeLoopbackCertificate(folder) {
  const key = path.join(folder, 'key.pem');
  const cert = path.join(folder, 'cert.pem');
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'],
      ...['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert],
    ],
    { stdio: 'ignore' },
  );
  return { key, cert };
}
