import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type CryptoKey, calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type JWK } from 'jose';

/** ECDSA P-256 with SHA-256: short signatures, supported by every JOSE library. */
export const DIRECTORY_SIGNING_ALGORITHM = 'ES256';

/** The key the signed directory is signed with, and its public half as published at /.well-known/jwks.json. */
export interface DirectorySigningKey {
  privateKey: CryptoKey;
  /** The public JWK, with `kid` (its RFC 7638 thumbprint), `alg` and `use`. */
  publicJwk: JWK;
}

/**
 * Where the signing key comes from: DIRECTORY_SIGNING_KEY (a PKCS#8 PEM), or, outside production
 * only, a key generated once and kept in `keyFile` so that restarts keep it (config.ts refuses
 * production without the variable: two instances must sign with one key, and a key on a local disk
 * is lost with the container).
 */
export interface DirectorySigningSetting {
  secretKey: string | null;
  keyFile: string | null;
}

export async function loadDirectorySigningKey(setting: DirectorySigningSetting): Promise<DirectorySigningKey> {
  if (setting.secretKey) return fromPem(setting.secretKey);
  if (!setting.keyFile) return generateDirectorySigningKey();
  const kept = await readFile(setting.keyFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (kept) return fromPem(kept);
  const { privateKey } = await generateKeyPair(DIRECTORY_SIGNING_ALGORITHM, { extractable: true });
  await mkdir(path.dirname(setting.keyFile), { recursive: true });
  // Readable by the server's user only; `wx`: never overwrite a key another process just wrote.
  await writeFile(setting.keyFile, await exportPKCS8(privateKey), { mode: 0o600, flag: 'wx' }).catch(
    async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    },
  );
  return fromPem(await readFile(setting.keyFile, 'utf8'));
}

/** A key that lives as long as the process: tests. */
export async function generateDirectorySigningKey(): Promise<DirectorySigningKey> {
  const { privateKey } = await generateKeyPair(DIRECTORY_SIGNING_ALGORITHM, { extractable: true });
  return fromPem(await exportPKCS8(privateKey));
}

async function fromPem(pem: string): Promise<DirectorySigningKey> {
  const privateKey = await importPKCS8(pem.trim(), DIRECTORY_SIGNING_ALGORITHM, { extractable: true });
  const { kty, crv, x, y } = await exportJWK(privateKey);
  const publicJwk: JWK = { kty, crv, x, y };
  publicJwk.kid = await calculateJwkThumbprint(publicJwk);
  return { privateKey, publicJwk: { ...publicJwk, alg: DIRECTORY_SIGNING_ALGORITHM, use: 'sig' } };
}
