/*
 * What the person at the screen is told when a request fails: one sentence per error code the API
 * can answer with, and field errors turned from the API's fragments ("must be 10 to 200
 * characters") into what to do ("Use 10 to 200 characters."). No Apollo here, so it can be tested
 * on its own.
 */

/** The codes of DESIGN §5 (server/src/errors.ts), GraphQL-over-HTTP's own, and the masked internal error. */
export const ERROR_SENTENCES = {
  UNAUTHENTICATED: 'You are not signed in, or your session has ended. Sign in, then try again.',
  FORBIDDEN: 'Your account may not do this.',
  NOT_FOUND: 'We could not find that. It may have been removed, or the link may be wrong.',
  BAD_USER_INPUT: 'Some of what you entered needs another look.',
  CONFLICT: 'This changed while you were looking at it. Reload the page to see the latest, then try again.',
  PAYMENT_REQUIRED: 'You need a posting credit for this. Buy credits, then try again.',
  RATE_LIMITED: 'Too many attempts in a short time. Wait a few minutes, then try again.',
  SERVICE_UNAVAILABLE: 'TechGigs is unavailable for a moment. Nothing was changed; try again in a minute.',
  INTERNAL_SERVER_ERROR: 'Something went wrong on our side, and nothing was changed. Please try again; if it keeps happening, try again later.',
  GRAPHQL_PARSE_FAILED: 'This page sent a request TechGigs could not read. Reload the page to get the latest version of the app.',
  GRAPHQL_VALIDATION_FAILED: 'This page is out of date. Reload it to get the latest version of the app.',
  BAD_REQUEST: 'This page sent a request TechGigs could not understand. Reload the page and try again.',
  PERSISTED_QUERY_NOT_FOUND: 'This page is out of date. Reload it to get the latest version of the app.',
  PERSISTED_QUERY_NOT_SUPPORTED: 'This page is out of date. Reload it to get the latest version of the app.',
  OPERATION_RESOLUTION_FAILURE: 'This page is out of date. Reload it to get the latest version of the app.',
  QUERY_TOO_COMPLEX: 'That asks for too much at once. Narrow it down (fewer filters or a smaller page), then try again.',
} as const;

export type ErrorCode = keyof typeof ERROR_SENTENCES;

/** Said for a failure that has no code at all (an unknown code from a newer server, say). */
export const UNKNOWN_ERROR_SENTENCE = 'Something went wrong. Please try again.';
export const NETWORK_ERROR_SENTENCE = 'Cannot reach TechGigs. Check your internet connection, then try again.';

/** A failed HTTP response with no GraphQL answer in it, by its status code. */
export function httpStatusSentence(status: number): string {
  if (status === 401) return ERROR_SENTENCES.UNAUTHENTICATED;
  if (status === 413) return 'That is too large to send. Shorten it, then try again.';
  if (status === 429) return ERROR_SENTENCES.RATE_LIMITED;
  if (status === 502 || status === 503 || status === 504) return ERROR_SENTENCES.SERVICE_UNAVAILABLE;
  if (status >= 500) return ERROR_SENTENCES.INTERNAL_SERVER_ERROR;
  return ERROR_SENTENCES.BAD_REQUEST;
}

/**
 * The server's messages for these codes are written for people and say what this case is about
 * (which version to sign, who may accept a change order); a generic sentence would lose that.
 */
const SPECIFIC_MESSAGE_CODES = new Set<string>(['CONFLICT', 'FORBIDDEN', 'PAYMENT_REQUIRED']);

/** The sentence for one GraphQL error: its code's, or the server's own words made a sentence where they say more. */
export function sentenceForCode(code: string | undefined, serverMessage: string | undefined, overrides: Partial<Record<ErrorCode, string>> = {}): string {
  if (code && code in overrides) return overrides[code as ErrorCode] as string;
  if (code && SPECIFIC_MESSAGE_CODES.has(code) && serverMessage?.trim()) return asSentence(serverMessage);
  if (code && code in ERROR_SENTENCES) return ERROR_SENTENCES[code as ErrorCode];
  return UNKNOWN_ERROR_SENTENCE;
}

/** "the contract is locked: reload it" → "The contract is locked: reload it." */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** From the API's fragment about a field to what to do about it; the rule that matches first wins. */
const FIELD_ADVICE: Array<[RegExp, (...groups: string[]) => string]> = [
  [/^is already registered$/, () => 'An account with this email already exists. Sign in instead, or use another email.'],
  [/^(is required|must not be (blank|empty|null)|must contain visible characters)$/, () => 'Fill this in.'],
  [/^is required to publish$/, () => 'Choose one before publishing.'],
  [/^needs (\d+) to (\d+) technologies to publish$/, (a, b) => `Choose ${a} to ${b} technologies before publishing.`],
  [/^must name (\d+) to (\d+) (.+)$/, (a, b, what) => `Choose ${a} to ${b} ${what}.`],
  [/^must name at most ([\d,]+) (.+)$/, (n, what) => `Choose at most ${n} ${what}.`],
  [/^must not repeat (.+)$/, (what) => `Choose each of ${what.replace(/^an? /, 'the ')} only once.`],
  [/^must be ([\d,]+) to ([\d,]+) characters$/, (a, b) => `Use ${a} to ${b} characters.`],
  [/^must be at most ([\d,]+) characters$/, (n) => `Shorten this to ${n} characters or fewer.`],
  [/^must be an email address$/, () => 'Enter an email address, like name@example.com.'],
  [/^must be an https URL$/, () => 'Enter a web address that starts with https://.'],
  [/^must be a whole number of cents$/, () => 'Enter an amount with at most two decimal places.'],
  [/^must be a whole number of (.+)$/, (unit) => `Enter a whole number of ${unit}.`],
  [/^must be a whole number from (-?[\d,]+) to (-?[\d,]+)$/, (a, b) => `Enter a whole number from ${a} to ${b}.`],
  [/^must be from (-?[\d,]+) to (-?[\d,]+)$/, (a, b) => `Enter a number from ${a} to ${b}.`],
  [/^must be at most (-?[\d,]+)$/, (n) => `Enter ${n} or less.`],
  [/^must be at least (-?[\d,]+)$/, (n) => `Enter ${n} or more.`],
  [/control characters|lone surrogate|noncharacter|direction overrides/, () => 'Remove the invisible special characters (paste it as plain text), then try again.'],
  [/^must be one line/, () => 'Keep this to one line.'],
  [/^is not an? .*id$|^is not a cursor|^is not an? /, () => 'Choose one of the options offered.'],
];

/** What the person should do about one field, from the API's message for it. */
export function fieldAdvice(message: string): string {
  const text = message.trim();
  for (const [pattern, advise] of FIELD_ADVICE) {
    const match = pattern.exec(text);
    if (match) return advise(...match.slice(1));
  }
  // A rule not known here yet: still a sentence, and still about this field.
  if (/^must /.test(text)) return asSentence(`this ${text}`);
  return asSentence(text);
}
