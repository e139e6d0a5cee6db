import { badInput } from '../errors';
import { INT8_MAX, isUuid } from './ids';

/**
 * A timestamp as exact text (microseconds, UTC) for cursors: a JS Date keeps only milliseconds,
 * which would make a keyset repeat or skip rows that differ below that. `cursorParts.timestamp`
 * (below) accepts exactly what this prints.
 */
export function timestampKey(expression: string): string {
  return `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * One component of a cursor's sort key, checked as the column it pages on will take it: a
 * cursor from a client is data, and PostgreSQL must never see a value it would refuse (a year
 * 0000, a rank of 1e999, a sequence past bigint).
 */
export interface CursorPart<T> {
  readonly accepts: (value: unknown) => value is T;
}

const part = <T>(accepts: (value: unknown) => boolean): CursorPart<T> => ({ accepts: accepts as (value: unknown) => value is T });

/** Microseconds since 1970 up to the end of year 9999, the range every timestamp key stays in. */
const MAX_EPOCH_MICROS = 253_402_300_799_999_999n;
const TIMESTAMP_KEY = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const DECIMAL = /^\d{1,30}(\.\d{1,30})?(e[-+]?\d{1,3})?$/;
/** `real` (float4), which ts_rank returns: positive normal range, or exactly zero. */
const REAL_MIN = 1.175494e-38;
const REAL_MAX = 3.402823e38;

export const cursorParts = {
  uuid: part<string>(isUuid),
  /** An exact UTC timestamp as `timestampKey` prints it (microseconds), years 1 to 9999. */
  timestamp: part<string>((value) => {
    if (typeof value !== 'string') return false;
    const match = TIMESTAMP_KEY.exec(value);
    if (!match || match[1] === '0000') return false;
    const millis = `${value.slice(0, 23)}Z`;
    const date = new Date(millis);
    return !Number.isNaN(date.getTime()) && date.toISOString() === millis;
  }),
  /** Microseconds since the Unix epoch, as decimal text, within years 1970 to 9999. */
  epochMicros: part<string>((value) => typeof value === 'string' && /^\d{1,18}$/.test(value) && BigInt(value) <= MAX_EPOCH_MICROS),
  /** A non-negative `bigint` (a sequence number), as decimal text. */
  bigint: part<string>((value) => typeof value === 'string' && /^\d{1,19}$/.test(value) && BigInt(value) <= INT8_MAX),
  /** A `real` rank as PostgreSQL prints it: zero, or a finite positive number in float4's normal range. */
  rank: part<string>((value) => {
    if (typeof value !== 'string' || !DECIMAL.test(value)) return false;
    const number = Number(value);
    return number === 0 ? /^0+(\.0+)?(e[-+]?\d+)?$/.test(value) : number >= REAL_MIN && number <= REAL_MAX;
  }),
  oneOf: <const T extends string>(...values: T[]) => part<T>((value) => (values as unknown[]).includes(value)),
  nullable: <T>(inner: CursorPart<T>) => part<T | null>((value) => value === null || inner.accepts(value)),
};

type Decoded<Parts extends readonly CursorPart<unknown>[]> = { -readonly [K in keyof Parts]: Parts[K] extends CursorPart<infer T> ? T : never };

/** Cursors may be long (search cursors carry six parts) but never this long. */
const MAX_CURSOR_LENGTH = 1_000;

/**
 * A list's cursor format: opaque to clients (base64url of a JSON array of the edge's sort key),
 * every part range-checked on the way in. `decode` throws BAD_USER_INPUT naming the argument.
 */
export function cursorFormat<const Parts extends readonly CursorPart<unknown>[]>(...parts: Parts) {
  return {
    encode(key: Decoded<Parts>): string {
      return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
    },
    decode(cursor: string, field = 'after'): Decoded<Parts> {
      if (cursor.length <= MAX_CURSOR_LENGTH) {
        try {
          const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
          if (Array.isArray(value) && value.length === parts.length && parts.every((p, i) => p.accepts(value[i]))) {
            return value as Decoded<Parts>;
          }
        } catch {
          // not JSON: the error below
        }
      }
      throw badInput({ [field]: 'is not a cursor of this list' });
    },
  };
}
