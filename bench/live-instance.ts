import 'reflect-metadata';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { createApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { serveParent } from './live-process';

/* One app instance of the live benchmark, configured by the environment bench/live.ts forks it with. */

class StatementCount implements TypeOrmLogger {
  count = 0;
  logQuery(query: string): void {
    if (!/^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT)/i.test(query.trim())) this.count += 1;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

const statements = new StatementCount();
serveParent(
  async () => {
    const app = await createApp(loadConfig(), { sqlLogger: statements, migrate: false });
    return { url: await app.listen(0), stop: () => app.stop() };
  },
  () => statements.count,
);
