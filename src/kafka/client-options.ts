/**
 * Connection options shared by every Kafka client of a process (admin, producer, consumer): the
 * one place where brokers, SASL and TLS settings reach @platformatic/kafka.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { EventEmitter } from 'node:events';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import type { KafkaConfig } from '../config/config.ts';

// @platformatic/kafka 2.12.1 emits 'error' twice on a connection that the broker drops right
// after a TLS 1.3 handshake (a client certificate it rejects, seen in test/stack/secure): the
// first error reaches the caller's callback, the second found no listener and crashed the
// process. The library announces every connection it creates on this diagnostics channel;
// each gets a listener that leaves the reporting to the callbacks.
subscribe('plt:kafka:instances', (message) => {
  const { type, instance } = message as { type: string; instance: EventEmitter };
  if (type === 'connection') instance.on('error', () => {});
});

export interface KafkaClientOptions {
  clientId: string;
  bootstrapBrokers: string[];
  sasl?: { mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; username: string; password: string };
  tls?: ConnectionOptions;
  tlsServerName?: boolean;
  connectTimeout: number;
  requestTimeout: number;
  retries: number;
  retryDelay: number;
}

/** Node TLS options from the configured material; only the fields that are set. */
export function kafkaTlsOptions(tls: NonNullable<KafkaConfig['tls']>): ConnectionOptions {
  return {
    rejectUnauthorized: tls.rejectUnauthorized,
    ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    ...(tls.cert === undefined ? {} : { cert: tls.cert }),
    ...(tls.key === undefined ? {} : { key: tls.key }),
    ...(tls.passphrase === undefined ? {} : { passphrase: tls.passphrase }),
  };
}

/** Host part of host:port (brackets of an IPv6 literal removed). */
function hostOf(broker: string): string {
  return broker.slice(0, broker.lastIndexOf(':')).replace(/^\[|\]$/g, '');
}

export function kafkaClientOptions(kafka: KafkaConfig, suffix: string, overrides: Partial<KafkaClientOptions> = {}): KafkaClientOptions {
  return {
    clientId: `${kafka.clientId}-${suffix}`,
    bootstrapBrokers: kafka.brokers,
    ...(kafka.sasl ? { sasl: kafka.sasl } : {}),
    ...(kafka.tls ? { tls: kafkaTlsOptions(kafka.tls) } : {}),
    // SNI with the broker's host name (managed Kafka routes by it); Node refuses an IP address as
    // SNI, so brokers given by address go without (the certificate is still checked against it).
    ...(kafka.tls && kafka.brokers.every((b) => isIP(hostOf(b)) === 0) ? { tlsServerName: true } : {}),
    connectTimeout: 5_000,
    requestTimeout: 30_000,
    retries: 3,
    retryDelay: 250,
    ...overrides,
  };
}
