import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notification digests (issue 15): `notifications.digested_at` (when a digest mail listed it;
 * cleared when a collapsed notification is refreshed by a new occurrence), an index on the unread
 * ones not yet mailed for the digest sweep; preferences per kind of notification (no row = the
 * default, digests on); unsubscribe tokens stored as SHA-256, scoped to a user and one kind or
 * (kind null) every digest.
 */
export class NotificationDigests1796150000000 implements MigrationInterface {
  name = 'NotificationDigests1796150000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" ADD "digested_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE INDEX "IDX_notifications_digest_pending" ON "notifications" ("created_at") WHERE "read_at" IS NULL AND "digested_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_preferences" (
        "user_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "email_digest" boolean NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_notification_preferences_kind" CHECK ("kind" IN ('MESSAGES', 'CONTRACTS', 'REVIEWS', 'SAVED_SEARCHES', 'LISTINGS', 'OTHER')),
        CONSTRAINT "PK_notification_preferences" PRIMARY KEY ("user_id", "kind"),
        CONSTRAINT "FK_notification_preferences_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "digest_unsubscribe_tokens" (
        "token_hash" text NOT NULL,
        "user_id" uuid NOT NULL,
        "kind" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "CHK_digest_unsubscribe_tokens_kind" CHECK ("kind" IS NULL OR "kind" IN ('MESSAGES', 'CONTRACTS', 'REVIEWS', 'SAVED_SEARCHES', 'LISTINGS', 'OTHER')),
        CONSTRAINT "PK_digest_unsubscribe_tokens" PRIMARY KEY ("token_hash"),
        CONSTRAINT "FK_digest_unsubscribe_tokens_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_digest_unsubscribe_tokens_user_id" ON "digest_unsubscribe_tokens" ("user_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_digest_unsubscribe_tokens_expires_at" ON "digest_unsubscribe_tokens" ("expires_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "digest_unsubscribe_tokens"`);
    await queryRunner.query(`DROP TABLE "notification_preferences"`);
    await queryRunner.query(`DROP INDEX "IDX_notifications_digest_pending"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "digested_at"`);
  }
}
