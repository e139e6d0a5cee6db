import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The payload keys that name something, and what they name, when this migration was written
 * (a migration never follows later code, so the list is its own).
 */
const ID_KEYS: ReadonlyArray<readonly [key: string, type: string]> = [
  ['contractId', 'Contract'],
  ['changeOrderId', 'ChangeOrder'],
  ['conversationId', 'Conversation'],
  ['listingId', 'Listing'],
  ['messageId', 'Message'],
  ['fromUserId', 'User'],
  ['savedSearchIds', 'SavedSearch'],
];

/**
 * Notification payloads held global ids (base64url of `Type:localId`), written by services; they
 * now hold local ids, which the API turns into global ids when it shows a notification. `up`
 * decodes every global id of the expected type, `down` encodes the local ids again; a value that
 * is not of the form expected is left as it is, so either step may run twice.
 */
export class NotificationPayloadLocalIds1795621400000 implements MigrationInterface {
  name = 'NotificationPayloadLocalIds1795621400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await rewriteIds(
      queryRunner,
      `CASE
         WHEN value !~ '^[A-Za-z0-9_-]+$' OR length(value) % 4 = 1 THEN value
         ELSE coalesce(substring(
           encode(decode(translate(value, '-_', '+/') || repeat('=', (4 - length(value) % 4) % 4), 'base64'), 'escape')
           FROM '^' || type || ':(.+)$'), value)
       END`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await rewriteIds(
      queryRunner,
      `CASE
         WHEN value ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
           THEN translate(encode(convert_to(type || ':' || value, 'UTF8'), 'base64'), E'+/=\\n', '-_')
         ELSE value
       END`,
    );
  }
}

/** Rewrites each id of every payload (a string, or the strings of a list) by `idSql` of `value` and `type`, in one pass. */
async function rewriteIds(queryRunner: QueryRunner, idSql: string): Promise<void> {
  await queryRunner.query(
    `CREATE FUNCTION pg_temp.rewritten_id(value text, type text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT ${idSql} $$`,
  );
  const keys = ID_KEYS.map(([key, type]) => `(${literal(key)}, ${literal(type)})`).join(', ');
  await queryRunner.query(
    `UPDATE notifications n
        SET payload = (
          SELECT jsonb_object_agg(p.key, CASE
                   WHEN k.type IS NULL THEN p.value
                   WHEN jsonb_typeof(p.value) = 'string' THEN to_jsonb(pg_temp.rewritten_id(p.value #>> '{}', k.type))
                   WHEN jsonb_typeof(p.value) = 'array' THEN coalesce((
                     SELECT jsonb_agg(CASE WHEN jsonb_typeof(e.value) = 'string'
                                           THEN to_jsonb(pg_temp.rewritten_id(e.value #>> '{}', k.type)) ELSE e.value END
                                      ORDER BY e.ord)
                       FROM jsonb_array_elements(p.value) WITH ORDINALITY AS e(value, ord)), '[]'::jsonb)
                   ELSE p.value
                 END)
            FROM jsonb_each(n.payload) AS p(key, value)
            LEFT JOIN (VALUES ${keys}) AS k(key, type) ON k.key = p.key)
      WHERE n.payload ?| $1::text[]`,
    [ID_KEYS.map(([key]) => key)],
  );
  await queryRunner.query(`DROP FUNCTION pg_temp.rewritten_id(text, text)`);
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
