/** Connection options shared by every Kafka client of a process (admin, producer, consumer). */
import type { KafkaConfig } from '../config/config.ts';

export interface KafkaClientOptions {
  clientId: string;
  bootstrapBrokers: string[];
  sasl?: { mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; username: string; password: string };
  tls?: Record<string, never>;
  connectTimeout: number;
  requestTimeout: number;
  retries: number;
  retryDelay: number;
}

export function kafkaClientOptions(kafka: KafkaConfig, suffix: string, overrides: Partial<KafkaClientOptions> = {}): KafkaClientOptions {
  return {
    clientId: `${kafka.clientId}-${suffix}`,
    bootstrapBrokers: kafka.brokers,
    ...(kafka.sasl ? { sasl: kafka.sasl } : {}),
    ...(kafka.tls ? { tls: {} } : {}),
    connectTimeout: 5_000,
    requestTimeout: 30_000,
    retries: 3,
    retryDelay: 250,
    ...overrides,
  };
}
