import { isLocalId, isUuid } from '../db/ids';
import { badInput } from '../errors';

/** Opaque global ids (db/ids.ts, where links in mails build them too). */
export { toGlobalId } from '../db/ids';

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

/** The local uuid of a global id of `type`; `field` names the argument in the error. */
export function parseUuidId(type: string, globalId: string, field: string): string {
  const decoded = decodeGlobalId(globalId);
  if (!decoded || decoded.type !== type || !isUuid(decoded.id)) {
    throw badInput({ [field]: `is not a ${type} id` });
  }
  return decoded.id;
}

/** The local integer id of a global id of `type` (the taxonomy), or null when it is not one. */
export function localIntIdOf(type: string, globalId: string): number | null {
  const decoded = decodeGlobalId(globalId);
  return decoded?.type === type && isLocalId('int', decoded.id) ? Number(decoded.id) : null;
}

/** The local integer id of a global id of `type`; `field` names the argument in the error. */
export function parseIntId(type: string, globalId: string, field: string): number {
  const id = localIntIdOf(type, globalId);
  if (id === null) throw badInput({ [field]: `is not a ${type} id` });
  return id;
}
