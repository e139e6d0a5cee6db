import 'reflect-metadata';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';

export interface DataSourceOptions {
  url: string;
  /** Sees every statement; the SQL-count tests and the slow-query log hang off it. */
  logger?: TypeOrmLogger;
  poolSize?: number;
}

/** The one data source definition: the app, the migration CLI and the tests all build it here. */
export function createDataSource({ url, logger, poolSize = 10 }: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: logger ? ['query', 'error'] : false,
    logger,
    extra: { max: poolSize, application_name: 'techgigs' },
  });
}
