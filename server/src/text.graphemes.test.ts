import fc from 'fast-check';
import { graphemeLength, graphemeLengthWithin, graphemePrefix } from './text';

const naive = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const naiveSegments = (text: string) => [...naive.segment(text)].map(({ segment }) => segment);

/** Pieces that make grapheme clusters hard: combining marks, ZWJ emoji, skin tones, flags (regional indicator pairs), CR LF, Hangul jamo, lone surrogates. */
const pieces = fc.constantFrom(
  'a', 'Z', ' ', '\r', '\n', '\r\n', 'e\u0301', '\u0301', '\u200d', '👍', '👍🏽', '👨‍👩‍👧‍👦', '🇩🇪', '🇺', '\u1100', '\u1161', '\u11a8', '\ud800', '\udc00', 'ก', 'ำ', '\u0915\u094d\u0937',
);

describe('grapheme counting in windows', () => {
  it('counts and cuts exactly as segmenting the whole text does, whatever the window boundaries cut through (property)', () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 700, size: 'max' }), fc.nat(800), (parts, max) => {
        const text = parts.join('');
        const segments = naiveSegments(text);
        expect(graphemeLength(text)).toBe(segments.length);
        expect(graphemePrefix(text, max)).toBe(segments.slice(0, max).join(''));
      }),
      { numRuns: 150 },
    );
  });

  it('counts long texts: 100,000 ASCII characters, 30,000 emoji, one cluster of 40,000 combining marks amid text, 2,000 flags', () => {
    expect(graphemeLength('x'.repeat(100_000))).toBe(100_000);
    expect(graphemeLength('💥'.repeat(30_000))).toBe(30_000);
    expect(graphemeLength(`ab${'e' + '\u0301'.repeat(40_000)}${'c'.repeat(5_000)}`)).toBe(2 + 1 + 5_000);
    expect(graphemeLength('🇩🇪'.repeat(2_000) + '🇺')).toBe(2_001);
    expect(graphemeLengthWithin('x'.repeat(80_000), 0, 5_000)).toBe(false);
    expect(graphemePrefix('👍🏽'.repeat(10_000), 3)).toBe('👍🏽👍🏽👍🏽');
  });
});
