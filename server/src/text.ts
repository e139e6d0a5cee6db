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

/**
 * Text is segmented this many UTF-16 units at a time. Node 20's V8 copies the whole segmented
 * string into every segment it yields (its `input`), so segmenting n units at once costs n × n:
 * 11 s for 100,000 ASCII characters, and 1.6 GB held for `[...segment()]` of 20,000 emoji (the
 * fuzz test ran the server out of heap that way). A short window keeps it linear.
 */
const SEGMENT_WINDOW = 256;

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/**
 * The start (UTF-16 offset) of every grapheme cluster of `text`, in order, lazily. A window ends
 * at its last segment's start, which is a true boundary of the whole text: UAX #29 decides a
 * boundary from the text before it (from the window's start, itself a boundary) and the one
 * character after it, which a window therefore never cuts in half (a surrogate pair). A cluster
 * longer than the window widens it until the next start shows.
 */
function* graphemeStarts(text: string): Generator<number> {
  let start = 0;
  let size = SEGMENT_WINDOW;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    // Never between a surrogate pair: the character after a boundary must be whole for the boundary to be known.
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1)) && isLowSurrogate(text.charCodeAt(end))) end -= 1;
    const window = text.slice(start, end);
    if (end === text.length) {
      for (const { index } of segmenter.segment(window)) yield start + index;
      return;
    }
    const starts: number[] = [];
    for (const { index } of segmenter.segment(window)) {
      starts.push(index);
      // A widened window is read only as far as the second start: the rest may be many segments, each costing the window.
      if (size > SEGMENT_WINDOW && starts.length === 2) break;
    }
    if (starts.length < 2) {
      size *= 2;
      continue;
    }
    // The last segment may go on past the window: it is read again from its start.
    for (const index of starts.slice(0, -1)) yield start + index;
    start += starts[starts.length - 1];
    size = SEGMENT_WINDOW;
  }
}

/** Length as a person counts it: user-perceived characters (grapheme clusters), so 👍🏽 or é is one. Linear in the text's length. */
export function graphemeLength(text: string): number {
  let count = 0;
  for (const _ of graphemeStarts(text)) count += 1;
  return count;
}

/** The first `max` user-perceived characters of `text` (all of it when shorter), without segmenting the rest. */
export function graphemePrefix(text: string, max: number): string {
  let count = 0;
  for (const index of graphemeStarts(text)) {
    if (count === max) return text.slice(0, index);
    count += 1;
  }
  return text;
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
