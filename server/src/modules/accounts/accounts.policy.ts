/**
 * Who is signed in. A session counts while it is neither revoked nor expired: this file is the
 * one place that says so (the token lookup). Live subscriptions hear of a session's end instead of
 * asking: signing out publishes SESSION_ENDED on the user's `accessEndedTopic`, and expiry is a timer
 * (graphql/subscriptions.ts).
 * What only the user themself sees (their email unless revealed, their employers) asks `isViewer`.
 */

/** Whether the request is signed in as `userId`. */
export function isViewer(scope: { readonly viewer: { readonly userId: string } | null }, userId: string): boolean {
  return scope.viewer?.userId === userId;
}

/** SQL: the session `alias` is neither revoked nor expired. */
export function activeSql(alias: string): string {
  return `${alias}.revoked_at IS NULL AND ${alias}.expires_at > now()`;
}
