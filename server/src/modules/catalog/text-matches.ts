/**
 * Why a listing matched (`ListingEdge.textMatches`): which words of its title and description
 * the search found, as fragments and UTF-16 offsets. PostgreSQL decides which words match (each
 * distinct word of the page through the same `catalog_search_text` and English stemming as the
 * index, against the search's positive lexemes: `CatalogService.matchingWords`); this file only
 * finds those words in the text and cuts the fragments, in memory, from the page's own rows.
 */

/** Longest description fragment, in UTF-16 code units. */
export const FRAGMENT_LENGTH = 200;
/** How much text a description fragment shows before its first match, at most, in UTF-16 code units. */
export const FRAGMENT_CONTEXT = 40;
/** Most highlights in one fragment (the first ones); the request limits count on it (graphql/limits.ts). */
export const MAX_HIGHLIGHTS = 5;

export interface Highlight {
  text: string;
  beginIndice: number;
  endIndice: number;
}

export interface TextMatch {
  property: 'title' | 'description';
  fragment: string;
  highlights: Highlight[];
}

/**
 * A word as the search sees it: letters and digits, joined by `.`, `&` or `-` (Node.js,
 * real-time, R&D), with a trailing `+` or `#` (C++, C#) and a leading `.` (.NET). The SQL side
 * takes these words as they are, so a word this misses is only not highlighted, never wrong.
 */
const WORD = /\.?[\p{L}\p{N}_]+(?:[.&-][\p{L}\p{N}_]+)*[+#]*/gu;

/** The distinct words of texts, lower-cased, for `matchingWords`. */
export function distinctWords(texts: readonly string[]): string[] {
  const words = new Set<string>();
  for (const text of texts) for (const [word] of text.matchAll(WORD)) words.add(word.toLowerCase());
  return [...words];
}

/** The title and description matches of one listing, given the (lower-case) words that match. */
export function textMatchesOf(listing: { title: string; description: string }, matching: ReadonlySet<string>): TextMatch[] {
  const matches: TextMatch[] = [];
  const title = highlightsIn(listing.title, matching);
  if (title.length) matches.push({ property: 'title', fragment: listing.title, highlights: title.slice(0, MAX_HIGHLIGHTS) });
  const description = highlightsIn(listing.description, matching);
  if (description.length) {
    const fragment = descriptionFragment(listing.description, description);
    matches.push({ ...fragment, highlights: fragment.highlights.slice(0, MAX_HIGHLIGHTS) });
  }
  return matches;
}

function highlightsIn(text: string, matching: ReadonlySet<string>): Highlight[] {
  const highlights: Highlight[] = [];
  for (const found of text.matchAll(WORD)) {
    if (!matching.has(found[0].toLowerCase())) continue;
    const beginIndice = found.index ?? 0;
    highlights.push({ text: found[0], beginIndice, endIndice: beginIndice + found[0].length });
  }
  return highlights;
}

/**
 * Up to FRAGMENT_LENGTH code units around the first match: from the start of a word at most
 * FRAGMENT_CONTEXT before it, to the end of the last whole word that fits (the whole first match
 * always, even when longer). Highlights wholly inside are kept, shifted to the fragment.
 */
function descriptionFragment(text: string, highlights: Highlight[]): TextMatch {
  const first = highlights[0];
  let begin = 0;
  if (text.length > FRAGMENT_LENGTH) {
    begin = Math.max(0, first.beginIndice - FRAGMENT_CONTEXT);
    if (begin > 0) {
      const space = text.slice(begin, first.beginIndice).search(/\s/u);
      begin = space === -1 ? first.beginIndice : begin + space + 1;
    }
  }
  let end = Math.min(text.length, begin + FRAGMENT_LENGTH);
  if (end < text.length) {
    const lastSpace = text.slice(first.endIndice, end + 1).search(/\s\S*$/u);
    end = lastSpace === -1 ? Math.max(first.endIndice, end) : first.endIndice + lastSpace;
  }
  end = Math.max(end, first.endIndice);
  const last = text.charCodeAt(end - 1);
  if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1; // never half of a surrogate pair
  const fragment = text.slice(begin, end).trimEnd();
  return {
    property: 'description',
    fragment,
    highlights: highlights
      .filter((highlight) => highlight.beginIndice >= begin && highlight.endIndice <= begin + fragment.length)
      .map((highlight) => ({ ...highlight, beginIndice: highlight.beginIndice - begin, endIndice: highlight.endIndice - begin })),
  };
}
