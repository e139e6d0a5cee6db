/**
 * One email whatever Unicode form, case or surrounding space it comes in: NFC, trimmed, lower
 * case. Accounts store it this way and every lookup and limit uses it, so the comparison does not
 * depend on the database's locale (`lower()` in a C locale leaves É as it is).
 */
export function canonicalEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}
