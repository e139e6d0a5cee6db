/**
 * Who is signed in. A session counts while it is neither revoked nor expired: this file is the
 * one place that says so, for the token lookup and for every per-event check of a subscription.
 * What only the user themself sees (their email unless revealed, their employers) asks `isViewer`.
 */

/** Whether the request is signed in as `userId`. */
export function isViewer(scope: { readonly viewer: { readonly userId: string } | null }, userId: string): boolean {
  return scope.viewer?.userId === userId;
}

/**
 * SQL: the session `alias` is `sessionId`'s, belongs to `userId` and is still active. The ids are
 * SQL expressions (bind parameters such as `$2`); join it wherever a statement checks a session.
 */
export function activeSessionSql(alias: string, sessionId: string, userId: string): string {
  return `${alias}.id = ${sessionId} AND ${alias}.user_id = ${userId} AND ${activeSql(alias)}`;
}

/** SQL: the session `alias` is neither revoked nor expired. */
export function activeSql(alias: string): string {
  return `${alias}.revoked_at IS NULL AND ${alias}.expires_at > now()`;
}
