import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A message may carry its sender's own id for it (`messages.client_message_id`, from
 * `sendMessage`'s `clientMessageId`): graphql-ws re-sends every operation still in flight after a
 * reconnect, and the key makes such a repeat find the message already stored. Unique per
 * (conversation, sender) where present, so two sends racing with one key store one message; the
 * same key from the other participant or in another conversation is another message. The CHECK
 * holds the shape the API accepts (1 to 64 of A–Z a–z 0–9 - _). Existing messages have no key:
 * adding a nullable column and building the index on an empty set of keys is a moment.
 */
export class MessageClientIds1796500000000 implements MigrationInterface {
  name = 'MessageClientIds1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "messages" ADD "client_message_id" text`);
    await queryRunner.query(`ALTER TABLE "messages" ADD CONSTRAINT "CHK_messages_client_message_id" CHECK ("client_message_id" ~ '^[A-Za-z0-9_-]{1,64}$')`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_messages_client_message_id" ON "messages" ("conversation_id", "from_id", "client_message_id") WHERE "client_message_id" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."UQ_messages_client_message_id"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP CONSTRAINT "CHK_messages_client_message_id"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "client_message_id"`);
  }
}
