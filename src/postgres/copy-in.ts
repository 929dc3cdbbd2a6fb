/**
 * Runs `COPY … FROM STDIN` on a client with bytes already encoded (see copy-binary.ts) and
 * resolves when Postgres has taken them all. The COPY is part of the client's open transaction.
 *
 * @example
 * await copyIn(client, 'COPY t (n) FROM STDIN (FORMAT binary)', writer.finish())
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import type { PoolClient } from './pool.ts';

export async function copyIn(client: PoolClient, sql: string, bytes: Buffer): Promise<void> {
  const stream = client.query(copyFrom(sql));
  await pipeline(Readable.from([bytes]), stream);
}
