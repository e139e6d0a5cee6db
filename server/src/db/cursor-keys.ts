/**
 * A timestamp as exact text (microseconds, UTC) for cursors: a JS Date keeps only milliseconds,
 * which would make a keyset repeat or skip rows that differ below that. `cursorParts.timestamp`
 * (graphql/connection.ts) accepts exactly what this prints.
 */
export function timestampKey(expression: string): string {
  return `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
