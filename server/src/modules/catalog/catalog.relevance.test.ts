import fc from 'fast-check';
import { ok } from '../../../test/harness';
import { expectBadFields } from '../../../test/expect';
import { buildListing } from '../../../test/factories';
import { employerGid, listingGid, technologyGid, WEB_BACKEND, projectTypeGid } from '../../../test/ids';
import { type Poster, poster, publishedListings, t, uniqueWord } from '../../../test/catalog';
import { FRAGMENT_LENGTH, textMatchesOf } from './text-matches';

const C = 7;
const CPP = 8;
const CSHARP = 9;
const RUST = 6;
const KUBERNETES = 48;

const SEARCH = `query ($filter: ListingFilter, $first: Int) {
  listings(filter: $filter, first: $first) {
    suggestedQuery
    edges { node { id title } textMatches { property fragment highlights { text beginIndice endIndice } } }
  }
}`;
const SUGGEST = `query ($prefix: String!, $first: Int) {
  searchSuggestions(prefix: $prefix, first: $first) { text kind count technology { id name } projectType { id name } }
}`;

/** Titles of one employer's listings found by `search`, so other tests' listings never interfere. */
async function titles(owner: Poster, search: string): Promise<string[]> {
  const data = ok(await t.gql(SEARCH, { filter: { search, employerId: employerGid(owner.employer) }, first: 50 }));
  return data.listings.edges.map((edge: { node: { title: string } }) => edge.node.title).sort();
}

describe('technology-aware search', () => {
  it('keeps C, C++ and C# apart, in the text and in the tags', async () => {
    const owner = await poster();
    await publishedListings(owner, [
      { title: 'Firmware in C for a sensor', technologyIds: [C] },
      { title: 'Game engine work in C++', technologyIds: [CPP] },
      { title: 'Unity tools in C#', technologyIds: [CSHARP] },
      { title: 'Port a C/C++ library', description: 'Both languages, C and C++.', technologyIds: [] },
      { title: 'F# data pipeline', technologyIds: [] },
    ]);
    expect(await titles(owner, 'C++')).toEqual(['Game engine work in C++', 'Port a C/C++ library']);
    expect(await titles(owner, 'c#')).toEqual(['Unity tools in C#']);
    expect(await titles(owner, 'C')).toEqual(['Firmware in C for a sensor', 'Port a C/C++ library']);
    expect(await titles(owner, 'F#')).toEqual(['F# data pipeline']);
    expect(await titles(owner, 'c++ -c#')).toEqual(['Game engine work in C++', 'Port a C/C++ library']);
  });

  it('finds .NET, ASP.NET, Node.js and Objective-C by their names and their parts', async () => {
    const owner = await poster();
    await publishedListings(owner, [
      { title: 'ASP.NET Core API', technologyIds: [] },
      { title: 'Desktop app on .NET', technologyIds: [] },
      { title: 'Node.js webhooks', technologyIds: [] },
      { title: 'Vue.js dashboard', technologyIds: [] },
      { title: 'Objective-C to Swift port', technologyIds: [] },
      { title: 'A graph node editor', technologyIds: [] },
    ]);
    expect(await titles(owner, '.NET')).toEqual(['ASP.NET Core API', 'Desktop app on .NET']);
    expect(await titles(owner, 'asp.net')).toEqual(['ASP.NET Core API']);
    expect(await titles(owner, 'node')).toEqual(['A graph node editor', 'Node.js webhooks']);
    expect(await titles(owner, 'Node.js')).toEqual(['Node.js webhooks']);
    expect(await titles(owner, 'nodejs')).toEqual(['Node.js webhooks']);
    expect(await titles(owner, 'vue')).toEqual(['Vue.js dashboard']);
    expect(await titles(owner, 'objective-c')).toEqual(['Objective-C to Swift port']);
    expect(await titles(owner, '"node.js webhooks"')).toEqual(['Node.js webhooks']);
    expect(await titles(owner, 'webhooks -node.js')).toEqual([]);
  });

  it('applies a change of the alias table to the next search (the stored rewrite rules are refreshed with it)', async () => {
    const owner = await poster();
    const spelling = uniqueWord();
    await publishedListings(owner, [{ title: 'Rust services', technologyIds: [] }]);
    expect(await titles(owner, spelling)).toEqual([]);
    const ds = t.app.deps.ds;
    await ds.query(`INSERT INTO search_aliases (spelling, canonical, technology_id) VALUES ($1, 'Rust', $2)`, [spelling, RUST]);
    try {
      expect(await titles(owner, spelling)).toEqual(['Rust services']);
      expect(await titles(owner, `"${spelling} services"`)).toEqual(['Rust services']);
    } finally {
      await ds.query(`DELETE FROM search_aliases WHERE spelling = $1`, [spelling]);
    }
    expect(await titles(owner, spelling)).toEqual([]);
  });

  it('expands the aliases of the alias table both ways, and tells Go from "going"', async () => {
    const owner = await poster();
    await publishedListings(owner, [
      { title: 'Go microservice', technologyIds: [] },
      { title: 'We are going to need help', technologyIds: [] },
      { title: 'k8s cluster upgrade', technologyIds: [] },
      { title: 'Kubernetes operator', technologyIds: [] },
      { title: 'Postgres tuning', technologyIds: [] },
      { title: 'AWS Lambda functions', technologyIds: [] },
      { title: 'Move off Amazon Web Services', technologyIds: [] },
      { title: 'GCP billing export', technologyIds: [] },
    ]);
    expect(await titles(owner, 'golang')).toEqual(['Go microservice']);
    expect(await titles(owner, 'go')).toEqual(['Go microservice']);
    expect(await titles(owner, 'kubernetes')).toEqual(['Kubernetes operator', 'k8s cluster upgrade']);
    expect(await titles(owner, 'K8s')).toEqual(['Kubernetes operator', 'k8s cluster upgrade']);
    expect(await titles(owner, 'postgresql')).toEqual(['Postgres tuning']);
    expect(await titles(owner, 'aws')).toEqual(['AWS Lambda functions', 'Move off Amazon Web Services']);
    expect(await titles(owner, 'Amazon Web Services')).toEqual(['AWS Lambda functions', 'Move off Amazon Web Services']);
    expect(await titles(owner, 'google cloud platform')).toEqual(['GCP billing export']);
    expect(await titles(owner, '-k8s cluster')).toEqual([]);
  });

  it('finds a gig tagged with a technology its text never names, ranked below one that names it', async () => {
    const owner = await poster();
    const [tagged, named] = await publishedListings(owner, [
      { title: `Systems work ${uniqueWord()}`, description: 'Low-level tooling.', technologyIds: [RUST] },
      { title: 'Rust CLI', technologyIds: [] },
    ]);
    const data = ok(await t.gql(SEARCH, { filter: { search: 'rust', employerId: employerGid(owner.employer) } }));
    expect(data.listings.edges.map((edge: any) => edge.node.id)).toEqual([listingGid(named), listingGid(tagged)]);
    expect(data.listings.edges[1].textMatches).toEqual([]);
  });

  it('follows a change of tags', async () => {
    const owner = await poster();
    const [listing] = await publishedListings(owner, [{ title: `Tooling ${uniqueWord()}`, technologyIds: [RUST] }]);
    expect(await titles(owner, 'kubernetes')).toEqual([]);
    await t.app.deps.ds.query('DELETE FROM listing_technologies WHERE listing_id = $1', [listing.id]);
    await t.app.deps.ds.query('INSERT INTO listing_technologies (listing_id, technology_id) VALUES ($1, $2)', [listing.id, KUBERNETES]);
    expect(await titles(owner, 'kubernetes')).toEqual([listing.title]);
    expect(await titles(owner, 'rust')).toEqual([]);
  });

  it('normalises documents and queries alike: every spelling finds itself and never the others (property)', async () => {
    const spellings = ['C', 'C++', 'C#', 'F#', '.NET', 'ASP.NET', 'Node.js', 'Vue.js', 'Go', 'R', 'Objective-C', 'golang', 'k8s'];
    const groups: Record<string, string> = { golang: 'Go', Go: 'Go' };
    const filler = fc.constantFrom('build', 'a', 'service', 'with', 'fast', 'tests', 'and', 'docs', '(', ')', ',', '/');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(filler, fc.constantFrom(...spellings)), { minLength: 1, maxLength: 12 }), fc.constantFrom(...spellings), async (words, query) => {
        const text = words.join(' ');
        const [{ matches }] = await t.app.deps.ds.query(
          `SELECT to_tsvector('english', catalog_search_text($1)) @@ catalog_search_query($2) AS matches`,
          [text, query],
        );
        const group = (spelling: string) => groups[spelling] ?? spelling;
        // ASP.NET is .NET too: its document holds both words.
        const named = words.some((word) => group(word) === group(query) || (query === '.NET' && word === 'ASP.NET'));
        expect(matches).toBe(named);
      }),
      { numRuns: 100 },
    );
  });
});

describe('suggestedQuery', () => {
  it('offers a near spelling when a search finds little and the spelling finds more', async () => {
    const owner = await poster();
    const word = uniqueWord();
    await publishedListings(owner, [{ title: `Help with ${word} and Kubernetes` }, { title: `More ${word} work` }]);
    const typo = word.slice(0, 5) + word.slice(6);
    const suggested = async (search: string) =>
      ok(await t.gql(SEARCH, { filter: { search, employerId: employerGid(owner.employer) } })).listings.suggestedQuery;
    expect(await suggested(typo)).toBe(word);
    expect(await suggested(`${typo} kubernetse`)).toBe(`${word} kubernetes`);
    expect(await suggested(word)).toBeNull();
    expect(await suggested(`"${typo}"`)).toBeNull();
    expect(await suggested('qqqqqqqqqq')).toBeNull();
  });

  it('costs the same few statements whatever the page size', async () => {
    const owner = await poster();
    const word = uniqueWord();
    await publishedListings(owner, Array.from({ length: 12 }, (_, i) => ({ title: `${word} gig ${i}`, description: `About ${word}, part ${i}.` })));
    const count = async (first: number) => {
      t.sql.reset();
      ok(await t.gql(SEARCH, { filter: { search: word }, first }));
      return t.sql.count;
    };
    expect(await count(2)).toBe(await count(12));
  });
});

describe('textMatches', () => {
  it('points at the matched words with UTF-16 offsets into the fragment', async () => {
    const owner = await poster();
    const filler = 'lorem ipsum '.repeat(30);
    const description = `🚀 ${filler}we run Node.js and C++ services 🎉 then node again ${filler}`;
    const [listing] = await publishedListings(owner, [{ title: 'Node.js and C++ 😀 gig', description }]);
    const data = ok(await t.gql(SEARCH, { filter: { search: 'node c++', employerId: employerGid(owner.employer) } }));
    const [edge] = data.listings.edges;
    expect(edge.node.id).toBe(listingGid(listing));
    const [title, body] = edge.textMatches;
    expect(title).toEqual({
      property: 'title',
      fragment: 'Node.js and C++ 😀 gig',
      highlights: [
        { text: 'Node.js', beginIndice: 0, endIndice: 7 },
        { text: 'C++', beginIndice: 12, endIndice: 15 },
      ],
    });
    expect(body.property).toBe('description');
    expect(body.fragment.length).toBeLessThanOrEqual(FRAGMENT_LENGTH);
    expect(description).toContain(body.fragment);
    expect(body.highlights.map((h: any) => h.text)).toEqual(['Node.js', 'C++', 'node']);
    for (const highlight of body.highlights) expect(body.fragment.slice(highlight.beginIndice, highlight.endIndice)).toBe(highlight.text);
  });

  it('never highlights negated words, and has none outside a search', async () => {
    const owner = await poster();
    await publishedListings(owner, [{ title: 'Rust and Go rewrite', technologyIds: [] }]);
    const data = ok(await t.gql(SEARCH, { filter: { search: 'rust -python', employerId: employerGid(owner.employer) } }));
    expect(data.listings.edges[0].textMatches[0].highlights).toEqual([{ text: 'Rust', beginIndice: 0, endIndice: 4 }]);
    const plain = ok(await t.gql(SEARCH, { filter: { employerId: employerGid(owner.employer) } }));
    expect(plain.listings.edges[0].textMatches).toEqual([]);
  });

  it('keeps every highlight inside its fragment, whatever the text (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('match', 'Match', 'C++', ' ', '\n')), { maxLength: 120 }), (parts) => {
        const text = parts.join(' ');
        for (const match of textMatchesOf({ title: text, description: text }, new Set(['match', 'c++']))) {
          expect(match.fragment.length).toBeLessThanOrEqual(match.property === 'title' ? text.length : Math.max(FRAGMENT_LENGTH, text.length));
          expect(text).toContain(match.fragment);
          expect(match.highlights.length).toBeGreaterThan(0);
          for (const highlight of match.highlights) {
            expect(match.fragment.slice(highlight.beginIndice, highlight.endIndice)).toBe(highlight.text);
            expect(['match', 'c++']).toContain(highlight.text.toLowerCase());
          }
        }
      }),
    );
  });

  it('is one statement for the whole page, whatever its size', async () => {
    const owner = await poster();
    const word = uniqueWord();
    await publishedListings(owner, Array.from({ length: 20 }, (_, i) => ({ title: `${word} number ${i}` })));
    const QUERY = `query ($filter: ListingFilter, $first: Int) { listings(filter: $filter, first: $first) { edges { node { id } textMatches { fragment } } } }`;
    const statements = async (first: number) => {
      t.sql.reset();
      const data = ok(await t.gql(QUERY, { filter: { search: word }, first }));
      expect(data.listings.edges).toHaveLength(first);
      return t.sql.count;
    };
    expect(await statements(2)).toBe(await statements(20));
  });
});

describe('searchSuggestions', () => {
  it('suggests technologies by name and alias, project types, and words of published titles with their counts', async () => {
    const owner = await poster();
    const word = uniqueWord();
    await publishedListings(owner, [{ title: `${word} platform` }, { title: `Another ${word}` }]);
    await buildListing(t.app, owner.employer, owner.user, { status: 'DRAFT', title: `${word}secret draft` });

    const suggest = async (prefix: string, first?: number) => ok(await t.gql(SUGGEST, { prefix, first })).searchSuggestions;
    expect((await suggest('kub'))[0]).toMatchObject({ text: 'Kubernetes', kind: 'TECHNOLOGY', technology: { id: technologyGid(KUBERNETES), name: 'Kubernetes' } });
    expect((await suggest('K8')).map((s: any) => s.text)).toContain('Kubernetes');
    expect((await suggest('gol'))[0]).toMatchObject({ text: 'Go', kind: 'TECHNOLOGY' });
    expect(await suggest('backe')).toEqual([
      { text: 'Software · Web · Backend', kind: 'PROJECT_TYPE', count: expect.any(Number), technology: null, projectType: { id: projectTypeGid(WEB_BACKEND), name: 'Software · Web · Backend' } },
    ]);
    expect(await suggest(word.slice(0, 8).toUpperCase())).toEqual([{ text: word, kind: 'TERM', count: 2, technology: null, projectType: null }]);
    expect(await suggest(`${word}secret`)).toEqual([]);

    expect((await suggest('c', 3)).length).toBe(3);
    const ranked = await suggest('p', 20);
    const kinds = ranked.map((s: any) => s.kind);
    expect(kinds.indexOf('TERM') === -1 || kinds.lastIndexOf('TECHNOLOGY') < kinds.indexOf('TERM')).toBe(true);
  });

  it('counts a word while its listings are published, and forgets it after', async () => {
    const owner = await poster();
    const word = uniqueWord();
    const [listing] = await publishedListings(owner, [{ title: `${word} job` }]);
    const counts = async () => ok(await t.gql(SUGGEST, { prefix: word })).searchSuggestions.map((s: any) => s.count);
    expect(await counts()).toEqual([1]);
    await t.app.deps.ds.query(`UPDATE listings SET status = 'CLOSED', closed_at = now() WHERE id = $1`, [listing.id]);
    expect(await counts()).toEqual([]);
    await t.app.deps.ds.query(`UPDATE listings SET status = 'PUBLISHED', closed_at = NULL WHERE id = $1`, [listing.id]);
    expect(await counts()).toEqual([1]);
    await t.app.deps.ds.query(`UPDATE listings SET title = 'Renamed job' WHERE id = $1`, [listing.id]);
    expect(await counts()).toEqual([]);
  });

  it('counts published gigs per technology and project type as listings are published, retagged, closed and deleted, in one statement', async () => {
    const ds = t.app.deps.ds;
    // What the kept totals must always equal: the catalogue counted from scratch.
    const drift = async () =>
      (await ds.query(
        `WITH truth AS (
           SELECT 'PROJECT_TYPE' AS facet, project_type_id AS id, count(*)::int AS listings FROM listings WHERE status = 'PUBLISHED' GROUP BY project_type_id
           UNION ALL
           SELECT 'TECHNOLOGY', lt.technology_id, count(*)::int FROM listing_technologies lt JOIN listings l ON l.id = lt.listing_id
            WHERE l.status = 'PUBLISHED' GROUP BY lt.technology_id
         ), kept AS (SELECT facet, id, listings FROM catalog_facet_totals WHERE listings <> 0)
         (SELECT * FROM truth EXCEPT SELECT * FROM kept) UNION ALL (SELECT * FROM kept EXCEPT SELECT * FROM truth)`,
      )) as unknown[];
    const rustCount = async () => {
      t.sql.reset();
      const suggestions = ok(await t.gql(SUGGEST, { prefix: 'rus' })).searchSuggestions;
      expect(t.sql.count).toBe(1);
      return suggestions.find((s: any) => s.kind === 'TECHNOLOGY' && s.text === 'Rust').count as number;
    };
    ok(await t.gql(SUGGEST, { prefix: 'rus' })); // the alias table is read once per app
    const before = await rustCount();
    const owner = await poster();
    const [listing] = await publishedListings(owner, [{ technologyIds: [RUST, C] }, { technologyIds: [RUST] }]);
    const draft = await buildListing(t.app, owner.employer, owner.user, { status: 'DRAFT', technologyIds: [RUST] });
    expect(await rustCount()).toBe(before + 2);
    expect(await drift()).toEqual([]);

    await ds.query(`DELETE FROM listing_technologies WHERE listing_id = $1 AND technology_id = $2`, [listing.id, RUST]);
    expect(await rustCount()).toBe(before + 1);
    await ds.query(`INSERT INTO listing_technologies (listing_id, technology_id) VALUES ($1, $2), ($1, $3)`, [listing.id, RUST, CPP]);
    await ds.query(`UPDATE listings SET project_type_id = $2 WHERE id = $1`, [listing.id, WEB_BACKEND]);
    expect(await rustCount()).toBe(before + 2);
    expect(await drift()).toEqual([]);

    await ds.query(`UPDATE listings SET status = 'CLOSED', closed_at = now() WHERE id = $1`, [listing.id]);
    await ds.query(`UPDATE listings SET status = 'PUBLISHED', published_at = now() WHERE id = $1`, [draft.id]);
    await ds.query(`UPDATE listings SET description = 'Edited, still published.' WHERE employer_id = $1`, [owner.employer.id]);
    expect(await rustCount()).toBe(before + 2);
    expect(await drift()).toEqual([]);

    await ds.query(`DELETE FROM listings WHERE employer_id = $1`, [owner.employer.id]);
    expect(await rustCount()).toBe(before);
    expect(await drift()).toEqual([]);
  });

  it('names the bad argument', async () => {
    expectBadFields(await t.gql(SUGGEST, { prefix: '   ' }), ['prefix']);
    expectBadFields(await t.gql(SUGGEST, { prefix: 'x'.repeat(101) }), ['prefix']);
    expectBadFields(await t.gql(SUGGEST, { prefix: 'go', first: 0 }), ['first']);
    expectBadFields(await t.gql(SUGGEST, { prefix: 'go', first: 21 }), ['first']);
  });
});
