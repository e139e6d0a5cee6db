import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed sign-in counters, shared by every instance. The layout is rate-limiter-flexible's
 * RateLimiterPostgres table; no entity maps it (the limiter owns its queries).
 */
export class SignInAttempts1795616500000 implements MigrationInterface {
  name = 'SignInAttempts1795616500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "sign_in_attempts" ("key" varchar(255) PRIMARY KEY, "points" integer NOT NULL DEFAULT 0, "expire" bigint)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "sign_in_attempts"`);
  }
}
