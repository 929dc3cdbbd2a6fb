/** The Kafka part of the configuration: brokers, security protocol, SASL and TLS (issue 13). */
import type { Reader } from './env-reader.ts';
import { anyTlsVariableSet, readTlsMaterial, type TlsMaterial } from './tls-config.ts';

export type KafkaSecurityProtocol = 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';
export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

export interface KafkaConfig {
  brokers: string[];
  clientId: string;
  /** KAFKA_SECURITY_PROTOCOL, as Kafka's own clients name it. */
  securityProtocol: KafkaSecurityProtocol;
  sasl: { mechanism: SaslMechanism; username: string; password: string } | undefined;
  /** Set for SSL and SASL_SSL. */
  tls: TlsMaterial | undefined;
}

const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/;
const PROTOCOLS: readonly string[] = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'];
const MECHANISMS: readonly string[] = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'];

export function readKafkaConfig(r: Reader, env: Record<string, string | undefined>): KafkaConfig {
  const brokers = r.string('KAFKA_BROKERS', '127.0.0.1:9092', {
    test: (v) => v.split(',').every((b) => HOST_PORT.test(b.trim())),
    rule: 'must be a comma-separated list of host:port',
    example: '127.0.0.1:9092,10.0.0.2:9092',
  });
  if (r.raw('KAFKA_TLS') !== undefined) {
    r.problems.push('KAFKA_TLS: replaced by KAFKA_SECURITY_PROTOCOL, e.g. KAFKA_SECURITY_PROTOCOL=SSL (or SASL_SSL with KAFKA_SASL_MECHANISM)');
  }
  const protocolRaw = (r.raw('KAFKA_SECURITY_PROTOCOL') ?? 'PLAINTEXT').toUpperCase();
  let securityProtocol: KafkaSecurityProtocol = 'PLAINTEXT';
  if (PROTOCOLS.includes(protocolRaw)) securityProtocol = protocolRaw as KafkaSecurityProtocol;
  else
    r.problems.push(
      `KAFKA_SECURITY_PROTOCOL=${JSON.stringify(protocolRaw)}: must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL, e.g. KAFKA_SECURITY_PROTOCOL=SASL_SSL`,
    );
  const usesSasl = securityProtocol.startsWith('SASL_');
  const usesTls = securityProtocol.endsWith('SSL');

  const mechanismRaw = r.raw('KAFKA_SASL_MECHANISM');
  let sasl: KafkaConfig['sasl'];
  if (usesSasl) {
    const mechanism = (mechanismRaw ?? '').toUpperCase();
    if (!MECHANISMS.includes(mechanism)) {
      r.problems.push(
        `KAFKA_SASL_MECHANISM=${JSON.stringify(mechanismRaw ?? '')}: with KAFKA_SECURITY_PROTOCOL=${securityProtocol} it must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, e.g. KAFKA_SASL_MECHANISM=SCRAM-SHA-512`,
      );
    }
    const username = r.raw('KAFKA_SASL_USERNAME');
    const password = r.secret('KAFKA_SASL_PASSWORD');
    if (username === undefined)
      r.problems.push(`KAFKA_SASL_USERNAME: required with KAFKA_SECURITY_PROTOCOL=${securityProtocol}, e.g. KAFKA_SASL_USERNAME=rfid`);
    if (password === undefined) r.problems.push(`KAFKA_SASL_PASSWORD (or KAFKA_SASL_PASSWORD_FILE): required with KAFKA_SECURITY_PROTOCOL=${securityProtocol}`);
    sasl = { mechanism: mechanism as SaslMechanism, username: username ?? '', password: password ?? '' };
  } else if (mechanismRaw !== undefined) {
    // Without this a mechanism set with the default protocol would silently send no credentials.
    r.problems.push(
      `KAFKA_SASL_MECHANISM is set but KAFKA_SECURITY_PROTOCOL=${securityProtocol} uses no SASL: set KAFKA_SECURITY_PROTOCOL=SASL_SSL (or SASL_PLAINTEXT on a trusted network)`,
    );
  }
  if (!usesTls && anyTlsVariableSet(env, 'KAFKA_SSL')) {
    r.problems.push(`KAFKA_SSL_* variables are set but KAFKA_SECURITY_PROTOCOL=${securityProtocol} uses no TLS: set KAFKA_SECURITY_PROTOCOL=SSL or SASL_SSL`);
  }
  return {
    brokers: brokers.split(',').map((b) => b.trim()),
    clientId: r.string('KAFKA_CLIENT_ID', 'rfid-pipeline'),
    securityProtocol,
    sasl,
    tls: usesTls ? readTlsMaterial(r, 'KAFKA_SSL') : undefined,
  };
}
