import { randomUUID } from 'node:crypto';
import { ok } from '../../../test/harness';
import { employerGid, listingGid, TYPESCRIPT } from '../../../test/ids';
import { poster, publishedListings, t, uniqueWord } from '../../../test/catalog';
import { PHRASE_CANDIDATE_WINDOW, relaxedPhrases } from './catalog.service';

/** An id outside the catalogue's 1% sample (first 16 bits 0xffff), so the sample holds none of these. */
const unsampledId = () => `ffff${randomUUID().slice(4)}`;

const PHRASE = `query ($filter: ListingFilter, $first: Int, $after: String) {
  listings(filter: $filter, first: $first, after: $after) {
    edges { node { id } }
    pageInfo { hasNextPage endCursor }
    totalCount totalCountIsApproximate
    facets { approximate technologies { technology { name } count } }
  }
}`;

async function withWindow<T>(window: number, body: () => Promise<T>): Promise<T> {
  const catalog = t.app.deps.services.catalog;
  catalog.phraseCandidateWindow = window;
  try {
    return await body();
  } finally {
    catalog.phraseCandidateWindow = PHRASE_CANDIDATE_WINDOW;
  }
}

describe('phrase searches with many candidates', () => {
  it('check the phrase among the newest candidates of the window only, and estimate the count from them, flagged', async () => {
    const owner = await poster();
    const [first, second] = [uniqueWord(), uniqueWord()];
    // Eight listings with both words (candidates), newest first; the phrase "first second" in listings 0, 2, 5 and 7.
    const phrased = new Set([0, 2, 5, 7]);
    const listings = await publishedListings(
      owner,
      Array.from({ length: 8 }, (_, i) => ({
        id: unsampledId(),
        technologyIds: [TYPESCRIPT],
        description: phrased.has(i) ? `We need ${first} ${second} done, number ${i}.` : `The ${second} comes before the ${first}, number ${i}.`,
      })),
    );
    const filter = { employerId: employerGid(owner.employer), search: `"${first} ${second}"` };
    const gids = (indexes: number[]) => indexes.map((i) => listingGid(listings[i]));

    // A window of every candidate: every match, exact.
    await withWindow(8, async () => {
      const { listings: found } = ok(await t.gql(PHRASE, { filter, first: 10 }));
      expect(found.edges.map((edge: any) => edge.node.id).sort()).toEqual(gids([0, 2, 5, 7]).sort());
      expect({ total: found.totalCount, approximate: found.totalCountIsApproximate, facets: found.facets.approximate }).toEqual({ total: 4, approximate: false, facets: false });
    });

    // A window of the newest four candidates: the matches among them (0 and 2), page after page; the count
    // scaled to every candidate (2 × 5 / 4, the sample holding none: at least the window and one), flagged.
    await withWindow(4, async () => {
      const page1 = ok(await t.gql(PHRASE, { filter, first: 1 })).listings;
      const page2 = ok(await t.gql(PHRASE, { filter, first: 1, after: page1.pageInfo.endCursor })).listings;
      expect([...page1.edges, ...page2.edges].map((edge: any) => edge.node.id).sort()).toEqual(gids([0, 2]).sort());
      expect(page2.pageInfo.hasNextPage).toBe(false);
      expect({ total: page1.totalCount, approximate: page1.totalCountIsApproximate }).toEqual({ total: Math.round((2 * 5) / 4), approximate: true });
      expect(page1.facets).toEqual({ approximate: true, technologies: [{ technology: { name: 'TypeScript' }, count: Math.round((2 * 5) / 4) }] });
      // Without quotes the words find every candidate, exactly.
      const words = ok(await t.gql(PHRASE, { filter: { ...filter, search: `${first} ${second}` }, first: 10 })).listings;
      expect({ total: words.totalCount, approximate: words.totalCountIsApproximate }).toEqual({ total: 8, approximate: false });
    });
  });

  it('relaxes phrases to their words, only where that finds a superset', () => {
    expect(relaxedPhrases(`'deploy' <-> 'custom'`)).toBe(`'deploy' & 'custom'`);
    expect(relaxedPhrases(`( 'cpp' | 'cplusplus' ) <-> 'develop' | 'nodej' <2> 'api'`)).toBe(`( 'cpp' | 'cplusplus' ) & 'develop' | 'nodej' & 'api'`);
    expect(relaxedPhrases(`'web' & !( 'mobil' <-> 'releas' )`)).toBeNull();
    expect(relaxedPhrases(`'web' & 'mobil'`)).toBeNull();
    expect(relaxedPhrases(`'a<->b' & 'it''s'`)).toBeNull();
  });
});
