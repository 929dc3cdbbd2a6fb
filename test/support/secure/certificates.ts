/**
 * A throwaway PKI made with openssl for the secure-server tests: a CA, a server certificate for
 * 127.0.0.1 and localhost (subjectAltName; 127.0.0.2 deliberately left out so that connecting by
 * that address is a host-name mismatch), a client certificate signed by the same CA, and a second,
 * unrelated CA (the "wrong CA"). EC P-256 keys: quick to make, accepted by Kafka, Postgres, Redis.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Certificates {
  dir: string;
  caCert: string;
  serverCert: string;
  /** PKCS#8, unencrypted. */
  serverKey: string;
  /** Key then certificate in one file: Kafka's PEM key store. */
  serverBundle: string;
  clientCert: string;
  clientKey: string;
  /** A CA that signed none of the above. */
  otherCaCert: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

function makeCa(dir: string, name: string): { cert: string; key: string } {
  const key = path.join(dir, `${name}.key`);
  const cert = path.join(dir, `${name}.pem`);
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key], dir);
  openssl(['req', '-x509', '-new', '-key', key, '-sha256', '-days', '2', '-subj', `/CN=rfid test ${name}`, '-out', cert], dir);
  return { cert, key };
}

function makeLeaf(dir: string, name: string, ca: { cert: string; key: string }, subject: string, extensions: string): { cert: string; key: string } {
  const key = path.join(dir, `${name}.key`);
  const csr = path.join(dir, `${name}.csr`);
  const cert = path.join(dir, `${name}.pem`);
  const ext = path.join(dir, `${name}.ext`);
  writeFileSync(ext, extensions);
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key], dir);
  openssl(['req', '-new', '-key', key, '-subj', subject, '-out', csr], dir);
  openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '2', '-sha256', '-extfile', ext, '-out', cert], dir);
  return { cert, key };
}

export function makeCertificates(dir: string): Certificates {
  const ca = makeCa(dir, 'ca');
  const other = makeCa(dir, 'other-ca');
  const server = makeLeaf(
    dir,
    'server',
    ca,
    '/CN=localhost',
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n',
  );
  const client = makeLeaf(dir, 'client', ca, '/CN=rfid', 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n');
  const serverBundle = path.join(dir, 'server-bundle.pem');
  writeFileSync(serverBundle, readFileSync(server.key, 'utf8') + readFileSync(server.cert, 'utf8'));
  return {
    dir,
    caCert: ca.cert,
    serverCert: server.cert,
    serverKey: server.key,
    serverBundle,
    clientCert: client.cert,
    clientKey: client.key,
    otherCaCert: other.cert,
  };
}
