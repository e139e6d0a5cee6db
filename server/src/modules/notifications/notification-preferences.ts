/**
 * The kinds of notification a user chooses mail for. Each stored notification kind belongs to one
 * (`preferenceKindSql`, `preferenceKindOf`); a kind that is new to this list falls in OTHER.
 */
export const PREFERENCE_KINDS = ['MESSAGES', 'CONTRACTS', 'REVIEWS', 'SAVED_SEARCHES', 'LISTINGS', 'OTHER'] as const;
export type PreferenceKind = (typeof PREFERENCE_KINDS)[number];

/**
 * Whether a user gets a kind in digests when they never chose: yes for every kind (issue 15). A
 * digest comes at most once per 15 minutes of unread notifications and only to a verified address,
 * and each one carries a one-click unsubscribe, so mail on by default is what people expect of a
 * marketplace where an unanswered message is a lost gig.
 */
export const DEFAULT_EMAIL_DIGEST = true;

/** The preference kind of a stored notification kind, in TypeScript. */
export function preferenceKindOf(kind: string): PreferenceKind {
  if (kind === 'MESSAGE_RECEIVED') return 'MESSAGES';
  if (kind.startsWith('REVIEW')) return 'REVIEWS';
  if (kind.startsWith('CONTRACT_') || kind.startsWith('CHANGE_ORDER_')) return 'CONTRACTS';
  if (kind === 'SAVED_SEARCH_MATCH') return 'SAVED_SEARCHES';
  if (kind.startsWith('LISTING_')) return 'LISTINGS';
  return 'OTHER';
}

/** The same rule in SQL: the preference kind of the notification kind `column`. */
export function preferenceKindSql(column: string): string {
  return `CASE
      WHEN ${column} = 'MESSAGE_RECEIVED' THEN 'MESSAGES'
      WHEN ${column} LIKE 'REVIEW%' THEN 'REVIEWS'
      WHEN ${column} LIKE 'CONTRACT\\_%' OR ${column} LIKE 'CHANGE\\_ORDER\\_%' THEN 'CONTRACTS'
      WHEN ${column} = 'SAVED_SEARCH_MATCH' THEN 'SAVED_SEARCHES'
      WHEN ${column} LIKE 'LISTING\\_%' THEN 'LISTINGS'
      ELSE 'OTHER' END`;
}

/** SQL: the user `userColumn` wants notifications of kind `kindColumn` in digests (the default when they never chose). */
export function wantsDigestSql(userColumn: string, kindColumn: string): string {
  return `coalesce((SELECT p.email_digest FROM notification_preferences p
                     WHERE p.user_id = ${userColumn} AND p.kind = ${preferenceKindSql(kindColumn)}), ${DEFAULT_EMAIL_DIGEST})`;
}
