import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `notifications.pending_since` (issue 15 review): when the notification's current unread, unmailed
 * run began. A collapsed notification refreshed by a new occurrence moves `created_at` but keeps
 * this time while it waits for a digest, so a conversation the other person keeps writing in still
 * brings its digest 15 minutes after the first unread message. Existing rows start from their
 * `created_at`; the digest index is rebuilt on the new column.
 */
export class NotificationPendingSince1796180000001 implements MigrationInterface {
  name = 'NotificationPendingSince1796180000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" ADD "pending_since" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`UPDATE "notifications" SET "pending_since" = "created_at"`);
    await queryRunner.query(`ALTER TABLE "notifications" ALTER COLUMN "pending_since" SET DEFAULT now(), ALTER COLUMN "pending_since" SET NOT NULL`);
    await queryRunner.query(`DROP INDEX "IDX_notifications_digest_pending"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_notifications_digest_pending" ON "notifications" ("pending_since") WHERE "read_at" IS NULL AND "digested_at" IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_notifications_digest_pending"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_notifications_digest_pending" ON "notifications" ("created_at") WHERE "read_at" IS NULL AND "digested_at" IS NULL`,
    );
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "pending_since"`);
  }
}
