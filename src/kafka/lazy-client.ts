/**
 * A Kafka client made on first use and closed with its owner (an HTTP route plugin): the API
 * starts and answers /health without Kafka, and a route that needs Kafka connects only when called.
 *
 * @example
 * const admin = lazyClient(() => new Admin(kafkaClientOptions(config.kafka, 'api-admin')))
 * await admin.get().listTopics()
 * await admin.close()
 */
export interface LazyClient<C> {
  get(): C;
  close(): Promise<void>;
}

export function lazyClient<C extends { close(): Promise<void> }>(create: () => C): LazyClient<C> {
  let client: C | undefined;
  return {
    get() {
      client ??= create();
      return client;
    },
    async close() {
      const c = client;
      client = undefined;
      await c?.close().catch(() => {});
    },
  };
}
