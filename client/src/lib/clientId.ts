/**
 * A random id for something the client makes (a chat message's `clientMessageId`): 32 hex digits,
 * 128 random bits. From `crypto.getRandomValues`, which every browser has on any page, where
 * `crypto.randomUUID` exists only in a secure context (HTTPS or localhost) and would fail on an app
 * served over plain HTTP on a LAN address.
 */
export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
