import { badInput } from '../errors';

/** Opaque global ids: base64url of `Type:localId`. Clients must not parse them. */
export function toGlobalId(type: string, id: string | number): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

/** Longer than any id we issue: refused before decoding. */
const MAX_GLOBAL_ID_LENGTH = 200;

export function decodeGlobalId(globalId: string): { type: string; id: string } | null {
  if (globalId.length > MAX_GLOBAL_ID_LENGTH) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return null;
  if (Buffer.from(decoded, 'utf8').toString('base64url') !== globalId) return null;
  return { type: decoded.slice(0, colon), id: decoded.slice(colon + 1) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INT4_MAX = 2_147_483_647;
const INT8_MAX = 9_223_372_036_854_775_807n;

/** Whether a value is a uuid as PostgreSQL prints it: check before a value from a client reaches SQL. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * The kinds of local id behind global ids: uuids for what users create, `integer` for the
 * taxonomy, `bigint` sequence numbers (the audit trail). A local id from a client is checked
 * against its kind before it reaches SQL, so PostgreSQL never sees one it would refuse.
 */
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

/** The local uuid of a global id of `type`; `field` names the argument in the error. */
export function parseUuidId(type: string, globalId: string, field: string): string {
  const decoded = decodeGlobalId(globalId);
  if (!decoded || decoded.type !== type || !isUuid(decoded.id)) {
    throw badInput({ [field]: `is not a ${type} id` });
  }
  return decoded.id;
}

/** The local integer id of a global id of `type` (the taxonomy). */
export function parseIntId(type: string, globalId: string, field: string): number {
  const decoded = decodeGlobalId(globalId);
  if (!decoded || decoded.type !== type || !isLocalId('int', decoded.id)) throw badInput({ [field]: `is not a ${type} id` });
  return Number(decoded.id);
}
