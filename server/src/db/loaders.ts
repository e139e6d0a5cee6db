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
 *
 * Plain SQL, hydrated column by column as TypeORM itself does (the driver's `prepareHydratedValue`:
 * its type conversions and any column transformer): by-id loads are on every page's hot path,
 * and TypeORM's query builder and result transformer cost several times the statement itself.
 */
export function loaderByKey<E extends ObjectLiteral, C extends KeyColumn<E>>(
  entity: EntityTarget<E>,
  column: C,
  options: LoaderByKeyOptions<E[C]> = {},
): LoaderFactory<E[C], E | null> {
  return (ds) => {
    const read = rowReader(ds, entity, column);
    return new DataLoader(async (keys) => {
      const wanted = options.accepts ? keys.filter(options.accepts) : keys;
      const rows = wanted.length ? await read([...wanted]) : [];
      return inKeyOrder(keys, rows, (row) => row[column]);
    });
  };
}

/** A function that reads the rows of `entity` whose `column` is any of the keys, as entities. */
function rowReader<E extends ObjectLiteral>(ds: DataSource, entity: EntityTarget<E>, column: string): (keys: unknown[]) => Promise<E[]> {
  const metadata = ds.getMetadata(entity);
  const key = metadata.findColumnWithPropertyPath(column);
  if (!key) throw new Error(`${metadata.name} has no column ${column}`);
  const columns = metadata.columns.filter((each) => each.isSelect && !each.isVirtual);
  const escape = (name: string) => ds.driver.escape(name);
  const sql = `SELECT ${columns.map((each) => escape(each.databaseName)).join(', ')} FROM ${escape(metadata.tableName)}
                WHERE ${escape(key.databaseName)} = ANY($1::${ds.driver.normalizeType(key)}[])`;
  return async (keys) => {
    const rows = (await ds.query(sql, [keys])) as Array<Record<string, unknown>>;
    return rows.map((row) => {
      const hydrated = metadata.create() as E;
      for (const each of columns) each.setEntityValue(hydrated, ds.driver.prepareHydratedValue(row[each.databaseName], each));
      return hydrated;
    });
  };
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
