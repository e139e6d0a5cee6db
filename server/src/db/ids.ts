/**
 * Local ids as PostgreSQL stores them: uuids for what users create, `integer` for the taxonomy,
 * `bigint` sequence numbers (the audit trail). A local id from a client is checked against its
 * kind before it reaches SQL, so PostgreSQL never sees one it would refuse.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INT4_MAX = 2_147_483_647;
export const INT8_MAX = 9_223_372_036_854_775_807n;

/** Whether a value is a uuid as PostgreSQL prints it: check before a value from a client reaches SQL. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export type LocalIdKind = 'uuid' | 'int' | 'bigint';

export function isLocalId(kind: LocalIdKind, value: string): boolean {
  switch (kind) {
    case 'uuid':
      return isUuid(value);
    case 'int':
      return /^[1-9]\d{0,9}$/.test(value) && Number(value) <= INT4_MAX;
    case 'bigint':
      return /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= INT8_MAX;
  }
}

/**
 * Opaque global ids: base64url of `Type:localId`, the ids of the API and of the web app's
 * addresses (a mail's links use them). Clients must not parse them; the GraphQL layer decodes them
 * (graphql/global-id.ts).
 */
export function toGlobalId(type: string, id: string | number): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}
