/**
 * Text from clients, below every module (DESIGN §4, Text): what the GraphQL layer applies to
 * every string argument, and what services use to count characters as people do.
 */

/**
 * How a string from a client is normalised (DESIGN §4, Text):
 * - `line` (the default): one line of text; no control characters at all.
 * - `multiline`: newlines (CRLF and CR become LF) and tabs are kept.
 * - `secret`: a password: kept exactly as typed but for NFC (no trimming: spaces are part of a
 *   passphrase), never blank-checked (its own length rule applies).
 */
export type TextKind = 'line' | 'multiline' | 'secret';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINE_BREAKS = /[^\P{Cc}\n\t]/u;
const LINE_SEPARATORS = /[\u2028\u2029]/;
/**
 * Characters that show nothing on their own: spaces, format characters (zero-width space and
 * joiners, direction marks), combining marks with no base, and the blank letters
 * (Hangul fillers, the braille blank) that are used to fake an empty name.
 */
const INVISIBLE_ONLY = /^[\p{White_Space}\p{Cf}\p{M}\u115F\u1160\u3164\uFFA0\u2800]*$/u;

/** The result of normalising one string: the value to use, or why it is refused. */
export type Normalised = { ok: true; value: string } | { ok: false; problem: string };

/**
 * The one normalisation of client text: refuse lone surrogates and control characters (but line
 * breaks and tabs in multi-line text), NFC, trim; refuse text made only of invisible characters,
 * and empty text where the field is required.
 */
export function normaliseText(raw: string, kind: TextKind, required: boolean): Normalised {
  if (LONE_SURROGATE.test(raw)) return { ok: false, problem: 'must be valid Unicode text (it holds a lone surrogate)' };
  if (kind === 'secret') {
    if (CONTROL.test(raw)) return { ok: false, problem: 'must not contain control characters' };
    return { ok: true, value: raw.normalize('NFC') };
  }
  let text = raw;
  if (kind === 'multiline') {
    text = text.replace(/\r\n?|[\u2028\u2029]/g, '\n');
    if (CONTROL_BUT_LINE_BREAKS.test(text)) return { ok: false, problem: 'must not contain control characters other than line breaks and tabs' };
  } else if (CONTROL.test(text) || LINE_SEPARATORS.test(text)) {
    return { ok: false, problem: 'must be one line without control characters' };
  }
  text = text.normalize('NFC').trim();
  if (text === '') return required ? { ok: false, problem: 'must not be blank' } : { ok: true, value: text };
  if (INVISIBLE_ONLY.test(text)) return { ok: false, problem: 'must contain visible characters' };
  return { ok: true, value: text };
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Length as a person counts it: user-perceived characters (grapheme clusters), so 👍🏽 or é is one. */
export function graphemeLength(text: string): number {
  let count = 0;
  for (const _ of segmenter.segment(text)) count += 1;
  return count;
}

