/** A matched word's place in a fragment: UTF-16 offsets, end exclusive (`ListingEdge.textMatches`). */
export interface HighlightRange {
  beginIndice: number;
  endIndice: number;
}

/**
 * Text with its matched words marked. The text stays text (React escapes it): highlights are
 * offsets into it, never markup from the server. Overlapping or out-of-range ranges are skipped.
 */
export function Highlighted({ text, highlights }: { text: string; highlights?: readonly HighlightRange[] | null }) {
  if (!highlights?.length) return <>{text}</>;
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const { beginIndice, endIndice } of highlights) {
    if (beginIndice < at || endIndice > text.length || endIndice <= beginIndice) continue;
    if (beginIndice > at) parts.push(text.slice(at, beginIndice));
    parts.push(<mark key={beginIndice}>{text.slice(beginIndice, endIndice)}</mark>);
    at = endIndice;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
