import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11: each conversation counts its messages (`message_count`), bumped in the same statement
 * that stores a message (MessagingService.appendOne), under the conversation's row lock. A message's
 * place in its conversation (1, 2, 3 …) is then known when it is sent and travels with its live
 * event, so a subscriber that delivered the message before it shows the new one from the event
 * alone, with no SQL; only a gap (an event lost or overtaken) costs a load. Existing conversations
 * are counted here.
 */
export class ConversationMessageCount1796400000000 implements MigrationInterface {
  name = 'ConversationMessageCount1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "conversations" ADD "message_count" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(
      `UPDATE "conversations" c SET "message_count" = m.n
         FROM (SELECT conversation_id, count(*)::integer AS n FROM "messages" GROUP BY conversation_id) m
        WHERE m.conversation_id = c.id`,
    );
    await queryRunner.query(`ALTER TABLE "conversations" ADD CONSTRAINT "CHK_conversations_message_count" CHECK ("message_count" >= 0)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "conversations" DROP CONSTRAINT "CHK_conversations_message_count"`);
    await queryRunner.query(`ALTER TABLE "conversations" DROP COLUMN "message_count"`);
  }
}
