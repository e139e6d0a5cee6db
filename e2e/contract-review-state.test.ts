import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type * as ReviewState from '../client/src/pages/contracts/review-state.js' with { 'resolution-mode': 'import' };

type ReviewViewerState = ReviewState.ReviewViewerState;

/** The web app's module compiled for Node as it stands (an ES module package Jest cannot load; it imports nothing). */
function loadClientModule<T>(relative: string): T {
  const source = readFileSync(path.join(__dirname, '..', 'client', 'src', relative), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  const module = { exports: {} as T };
  new Function('module', 'exports', outputText)(module, module.exports);
  return module.exports;
}

const { noReviewsSentence } = loadClientModule<typeof ReviewState>('pages/contracts/review-state.ts');

// Issue 14 review, finding 6: the Reviews fallback says what is true for every viewer state.
const base: ReviewViewerState = { windowClosed: false, role: null, side: null, reviewed: false, other: 'Acme', closesAt: '14 Dec 2026, 09:30' };

describe('the Reviews section with nothing to show', () => {
  it.each([
    [{ windowClosed: true }, /^The review window closed on 14 Dec 2026, 09:30 without published reviews\.$/],
    [{ windowClosed: true, role: 'EMPLOYER', side: 'EMPLOYER' }, /^The review window closed on/],
    [{ windowClosed: true, role: 'EMPLOYER' }, /^The review window closed on/],
    [{ role: 'EMPLOYER' }, /^You have left the employer, so its owners review Acme for it now\. Reviews stay hidden until both sides have reviewed, or until 14 Dec 2026, 09:30\.$/],
    [{ role: 'EMPLOYER', reviewed: true }, /^You have left the employer.*Acme has reviewed you; it appears with the employer’s reviews\. Reviews stay hidden/],
    [{ role: 'EMPLOYER', side: 'EMPLOYER' }, /^Your side has already reviewed Acme for this gig/],
    [{ role: 'READER', side: 'EMPLOYER' }, /^Your side has already reviewed Acme for this gig/],
    [{ role: 'WORKER', side: 'WORKER' }, /^Your side has already reviewed Acme for this gig/],
    [{ role: 'READER' }, /^No published reviews yet\. Reviews stay hidden until both sides have reviewed, or until 14 Dec 2026, 09:30\.$/],
    [{}, /^No published reviews yet\./],
  ] as Array<[Partial<ReviewViewerState>, RegExp]>)('%j', (state, sentence) => {
    expect(noReviewsSentence({ ...base, ...state })).toMatch(sentence);
  });

  it('never says the window has closed while it is open, whoever reads', () => {
    for (const role of ['EMPLOYER', 'WORKER', 'READER', null] as const) {
      for (const side of ['EMPLOYER', 'WORKER', null] as const) {
        for (const reviewed of [false, true]) expect(noReviewsSentence({ ...base, role, side, reviewed })).not.toMatch(/closed/);
      }
    }
  });
});
