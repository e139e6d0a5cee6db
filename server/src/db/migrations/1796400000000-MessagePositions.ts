import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11: each message knows its place in its conversation (`messages.position`: 1, 2, 3 …), and
 * each conversation how many messages it holds (`conversations.message_count`), so a live message
 * event can say where it stands and a subscriber that delivered the message before it shows the
 * new one from the event alone, with no SQL; only a gap (an event lost or overtaken) costs a load.
 *
 * The database numbers them, not the app: a trigger before each insert into `messages` bumps the
 * conversation's count (under its row lock, so concurrent sends in one conversation take 1, 2, 3
 * in commit order) and gives the message the new count, then its `seq` (so `seq` follows the same
 * order: a `seq` drawn before the lock, as a plain INSERT's default would be, could be older than
 * a message that commits before it). Every writer is numbered the same way: servers of an older
 * release during a rolling deploy, test factories, hand-written SQL.
 *
 * Existing messages are numbered here, in `seq` order. On a large table this holds the tables'
 * locks for a scan of `messages`; at TechGigs' size today that is a moment.
 */
export class MessagePositions1796400000000 implements MigrationInterface {
  name = 'MessagePositions1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "conversations" ADD "message_count" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "messages" ADD "position" integer`);
    await queryRunner.query(
      `UPDATE "messages" m SET "position" = n.position
         FROM (SELECT id, row_number() OVER (PARTITION BY conversation_id ORDER BY seq)::integer AS position FROM "messages") n
        WHERE n.id = m.id`,
    );
    await queryRunner.query(
      `UPDATE "conversations" c SET "message_count" = m.n
         FROM (SELECT conversation_id, count(*)::integer AS n FROM "messages" GROUP BY conversation_id) m
        WHERE m.conversation_id = c.id`,
    );
    await queryRunner.query(`ALTER TABLE "messages" ALTER COLUMN "position" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "conversations" ADD CONSTRAINT "CHK_conversations_message_count" CHECK ("message_count" >= 0)`);
    await queryRunner.query(`ALTER TABLE "messages" ADD CONSTRAINT "CHK_messages_position" CHECK ("position" >= 1)`);
    await queryRunner.query(`
      CREATE FUNCTION number_new_message() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE conversations SET message_count = message_count + 1 WHERE id = NEW.conversation_id
          RETURNING message_count INTO NEW.position;
        NEW.seq := nextval(pg_get_serial_sequence('messages', 'seq'));
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER number_new_message BEFORE INSERT ON "messages" FOR EACH ROW EXECUTE FUNCTION number_new_message()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER number_new_message ON "messages"`);
    await queryRunner.query(`DROP FUNCTION number_new_message()`);
    await queryRunner.query(`ALTER TABLE "messages" DROP CONSTRAINT "CHK_messages_position"`);
    await queryRunner.query(`ALTER TABLE "conversations" DROP CONSTRAINT "CHK_conversations_message_count"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "position"`);
    await queryRunner.query(`ALTER TABLE "conversations" DROP COLUMN "message_count"`);
  }
}
