import PgBoss from 'pg-boss';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Installs pg-boss's schema (`pgboss`) at the version of pg-boss installed when this ran, so a
 * fresh database (and every test database cloned from the template) has the queue before any
 * instance starts. Later pg-boss versions migrate their own schema at start (`migrate: true`).
 * pg-boss's script holds its own transaction and advisory lock, hence no transaction here.
 */
export class JobQueue1795900000000 implements MigrationInterface {
  name = 'JobQueue1795900000000';
  transaction = false as const;

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(PgBoss.getConstructionPlans('pgboss'));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP SCHEMA pgboss CASCADE');
  }
}
