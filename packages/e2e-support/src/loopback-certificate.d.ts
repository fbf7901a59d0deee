/** A self-signed certificate for 127.0.0.1, made by `openssl` into `folder`: the paths of its key and certificate. */
export function makeLoopbackCertificate(folder: string): { key: string; cert: string };
