import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Email verification: `users.email_verified_at`. Single-use tokens for verifying an email and
 * resetting a password, stored as SHA-256 like sessions; `used_at` makes each single use.
 */
export class AccountTokens1795900100000 implements MigrationInterface {
  name = 'AccountTokens1795900100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "email_verified_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE TABLE "account_tokens" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "purpose" text NOT NULL,
        "token_hash" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "used_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "CHK_account_tokens_purpose" CHECK ("purpose" IN ('VERIFY_EMAIL', 'RESET_PASSWORD')),
        CONSTRAINT "PK_account_tokens" PRIMARY KEY ("id")
      )`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_account_tokens_token_hash" ON "account_tokens" ("token_hash")`);
    await queryRunner.query(`CREATE INDEX "IDX_account_tokens_user_id" ON "account_tokens" ("user_id")`);
    await queryRunner.query(
      `ALTER TABLE "account_tokens" ADD CONSTRAINT "FK_account_tokens_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "account_tokens"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "email_verified_at"`);
  }
}
