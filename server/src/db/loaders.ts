import DataLoader from 'dataloader';
import { In, type DataSource, type EntityTarget, type FindOptionsOrder, type FindOptionsWhere, type ObjectLiteral } from 'typeorm';

/** Builds a DataLoader over the data source; one instance per request and factory. */
export type LoaderFactory<K, V> = (ds: DataSource) => DataLoader<K, V>;

/** One value per key, in key order: the row whose `keyOf` is that key, or null. */
export function inKeyOrder<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): Array<V | null> {
  const byKey = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => byKey.get(key) ?? null);
}

/** One list per key, in key order: the rows whose `keyOf` is that key, in the order given. */
export function groupedInKeyOrder<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): V[][] {
  const groups = new Map<K, V[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}

/** A column of `E` that loaders look rows up by. */
type KeyColumn<E> = keyof E & string;

export interface LoaderByKeyOptions<K> {
  /** Keys that can never match (a malformed id from `node(id)`) load as null without reaching the database. */
  accepts?: (key: K) => boolean;
}

/**
 * The row of `entity` whose `column` equals each key, or null: one statement for the whole batch.
 * `loaderByKey(UserEntity, 'id')` is the by-id loader of users.
 */
export function loaderByKey<E extends ObjectLiteral, C extends KeyColumn<E>>(
  entity: EntityTarget<E>,
  column: C,
  options: LoaderByKeyOptions<E[C]> = {},
): LoaderFactory<E[C], E | null> {
  return (ds) =>
    new DataLoader(async (keys) => {
      const wanted = options.accepts ? keys.filter(options.accepts) : keys;
      const rows = wanted.length ? await ds.getRepository(entity).findBy({ [column]: In([...wanted]) } as FindOptionsWhere<E>) : [];
      return inKeyOrder(keys, rows, (row) => row[column]);
    });
}

export interface GroupLoaderOptions<E> {
  /** The order of each key's rows. */
  order: FindOptionsOrder<E>;
  /** Further conditions every row must meet. */
  where?: FindOptionsWhere<E>;
}

/** Every row of `entity` whose `column` equals each key, in `order`: one statement for the whole batch. */
export function groupLoaderByKey<E extends ObjectLiteral, C extends KeyColumn<E>>(
  entity: EntityTarget<E>,
  column: C,
  { order, where }: GroupLoaderOptions<E>,
): LoaderFactory<E[C], E[]> {
  return (ds) =>
    new DataLoader(async (keys) => {
      const rows = await ds.getRepository(entity).find({ where: { ...where, [column]: In([...keys]) } as FindOptionsWhere<E>, order });
      return groupedInKeyOrder(keys, rows, (row) => row[column]);
    });
}
