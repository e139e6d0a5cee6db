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
 * Direction overrides (LEFT-TO-RIGHT and RIGHT-TO-LEFT OVERRIDE) display text in another order
 * than it is stored ("Trojan Source" spoofing: `\u202Egnp.exe`). Embeddings and isolates, which
 * right-to-left writing does use, are kept.
 */
const DIRECTION_OVERRIDES = /[\u202D\u202E]/;
/** Noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF, …) are for a program's own use, never for text. */
const NONCHARACTER = /\p{Noncharacter_Code_Point}/u;
/**
 * Invisible format characters at either end are dropped with the spaces (a zero-width space
 * around a title). Direction marks and isolates stay (right-to-left text needs them at its ends),
 * and so do tag characters (U+E0020–U+E007F), which end the subdivision flags 🏴.
 */
const EDGE_INVISIBLES = /^[\p{White_Space}\u00AD\u180E\u200B-\u200D\u2060-\u2064\uFEFF]+|[\p{White_Space}\u00AD\u180E\u200B-\u200D\u2060-\u2064\uFEFF]+$/gu;
/**
 * Characters that show nothing on their own, or nothing a reader can rely on: spaces, format
 * characters (zero-width space and joiners, direction marks), combining marks with no base, the
 * blank letters (Hangul fillers, the braille blank) used to fake an empty name, private-use and
 * unassigned code points (no standard glyph), and the object replacement character.
 */
const INVISIBLE_ONLY = /^[\p{White_Space}\p{Cf}\p{M}\p{Co}\p{Cn}\u115F\u1160\u3164\uFFA0\u2800\uFFFC]*$/u;

/** The result of normalising one string: the value to use, or why it is refused. */
export type Normalised = { ok: true; value: string } | { ok: false; problem: string };

/**
 * The one normalisation of client text: refuse lone surrogates, noncharacters, direction
 * overrides and control characters (but line breaks and tabs in multi-line text), NFC, trim
 * spaces and invisible format characters at both ends; refuse text made only of invisible
 * characters, and empty text where the field is required.
 */
export function normaliseText(raw: string, kind: TextKind, required: boolean): Normalised {
  if (LONE_SURROGATE.test(raw)) return { ok: false, problem: 'must be valid Unicode text (it holds a lone surrogate)' };
  if (NONCHARACTER.test(raw)) return { ok: false, problem: 'must be text (it holds a Unicode noncharacter such as U+FFFF)' };
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
  if (DIRECTION_OVERRIDES.test(text)) return { ok: false, problem: 'must not contain direction overrides (U+202D, U+202E)' };
  text = text.normalize('NFC').replace(EDGE_INVISIBLES, '');
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

/**
 * Whether `text` holds `min` to `max` user-perceived characters. Cheap bounds first, so a huge
 * string is refused without segmenting it: a grapheme is at least one UTF-16 unit, and text of
 * more than 16 units a grapheme on average is refused as too long.
 */
export function graphemeLengthWithin(text: string, min: number, max: number): boolean {
  if (text.length < min || text.length > max * 16) return false;
  const length = graphemeLength(text);
  return length >= min && length <= max;
}
