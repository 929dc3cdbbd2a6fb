/**
 * The partition of a keyed record, computed here instead of by the client's partitioner: Kafka's
 * murmur2 (Java client, `Utils.murmur2`) with 32-bit integer arithmetic. The client's own
 * implementation works in BigInt and cost ~5 µs per record — measured, most of what producing the
 * change feed cost (8.3 → 3.1 µs CPU per record with partitions given). The partition is the Java
 * client's default, `toPositive(murmur2(key)) % partitions`, so a Java or Kafka Streams consumer
 * that co-partitions by key agrees with it.
 *
 * @example
 * keyPartition(Buffer.from('SKU-1|WH1-A-01'), 6) // 0..5, the same as Java's DefaultPartitioner
 */
const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** Kafka's murmur2 of `data` as a signed 32-bit integer (equal to the Java client's). */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i << 2;
    let k = data[i4]! | (data[i4 + 1]! << 8) | (data[i4 + 2]! << 16) | (data[i4 + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length & ~3;
  // The Java switch falls through: 3 bytes left mix all three, 2 mix two, 1 mixes one.
  const rest = length & 3;
  if (rest === 3) h ^= data[tail + 2]! << 16;
  if (rest >= 2) h ^= data[tail + 1]! << 8;
  if (rest >= 1) {
    h ^= data[tail]!;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

export function keyPartition(key: Uint8Array, partitions: number): number {
  return (murmur2(key) & 0x7fffffff) % partitions;
}
