import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * At most one mail of a kind per address in a sliding interval (issue 15 review): one row per
 * throttled key (SHA-256 of kind and address, never the address itself) holding when the next mail
 * may go. Rows past that time are deleted by the hourly prune job.
 */
export class MailThrottle1796180000000 implements MigrationInterface {
  name = 'MailThrottle1796180000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "mail_throttle" (
        "key" text NOT NULL,
        "next_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_mail_throttle" PRIMARY KEY ("key")
      )`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_mail_throttle_next_at" ON "mail_throttle" ("next_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "mail_throttle"`);
  }
}
