import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Context } from './context';

/**
 * The row a relation points at, through the request's loader. Foreign keys promise it exists, so
 * a missing one is a fault of the server (masked as INTERNAL_SERVER_ERROR), never a null answer.
 * `what` names the relation in the logged message, e.g. "listing 42's employer".
 */
export async function loadOrThrow<K, V>(
  ctx: Pick<Context, 'loader'>,
  factory: (ds: DataSource) => DataLoader<K, V | null>,
  key: K,
  what: string,
): Promise<V> {
  const row = await ctx.loader(factory).load(key);
  if (!row) throw new Error(`${what} (${String(key)}) is missing`);
  return row;
}
