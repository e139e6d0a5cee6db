import { badInput } from './errors';

/** Opaque global ids: base64url of `Type:localId`. Clients must not parse them. */
export function toGlobalId(type: string, id: string | number): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export function decodeGlobalId(globalId: string): { type: string; id: string } | null {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return null;
  if (Buffer.from(decoded, 'utf8').toString('base64url') !== globalId) return null;
  return { type: decoded.slice(0, colon), id: decoded.slice(colon + 1) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether a value is a uuid as PostgreSQL prints it: check before a value from a client reaches SQL. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
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
  const id = decoded && decoded.type === type ? Number(decoded.id) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw badInput({ [field]: `is not a ${type} id` });
  return id;
}
