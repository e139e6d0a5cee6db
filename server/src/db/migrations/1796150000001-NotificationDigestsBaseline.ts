import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Digests start from now: the notifications left unread before digests existed count as mailed,
 * so the first sweep after an upgrade does not mail everyone a digest of months-old news.
 */
export class NotificationDigestsBaseline1796150000001 implements MigrationInterface {
  name = 'NotificationDigestsBaseline1796150000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "notifications" SET "digested_at" = now() WHERE "read_at" IS NULL AND "digested_at" IS NULL`);
  }

  public async down(): Promise<void> {
    // Nothing to undo: which notifications were mailed is not recorded elsewhere.
  }
}
