import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A certificate for `localhost` and `127.0.0.1`, made by `openssl` in `dir`. */
export interface SelfSignedCert {
  /** Certificate and key in one PEM file, as HAProxy's `crt` takes them. */
  pemPath: string;
  /** The certificate alone: what a client trusts (`ca`, or `NODE_EXTRA_CA_CERTS` as a file). */
  certPath: string;
  /** The key alone, for servers that take it apart (nginx's `ssl_certificate_key`). */
  keyPath: string;
  cert: string;
}

/**
 * Makes a self-signed certificate valid for a day, for a TLS endpoint under test.
 * @example const { pemPath, cert } = selfSignedCert(mkdtempSync(join(tmpdir(), 'tls-')));
 */
export function selfSignedCert(dir: string): SelfSignedCert {
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  const request = 'req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost';
  execFileSync(
    'openssl',
    [
      ...request.split(' '),
      ...['-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', keyPath, '-out', certPath],
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const cert = readFileSync(certPath, 'utf8');
  const pemPath = join(dir, 'haproxy.pem');
  writeFileSync(pemPath, cert + readFileSync(keyPath, 'utf8'));
  return { pemPath, certPath, keyPath, cert };
}
