import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ListingConnectionBase } from '../listings/listing.type';
import type { CatalogFilter, Counted, FacetCounts } from './catalog.service';
import { FRAGMENT_CONTEXT, FRAGMENT_LENGTH, MAX_HIGHLIGHTS } from './text-matches';
import { ProjectTypeType, TechnologyType } from '../taxonomy/taxonomy.type';
import { BudgetKindEnum } from '../listings/listing.type';
import type { BudgetKind } from '../listings/listing-terms';

@ObjectType('ListingConnection', {
  description: 'A page of the public catalogue. `totalCount` and `facets` are computed only when selected.',
})
export class ListingConnection extends ListingConnectionBase {
  /** The filter of the page, for the lazily computed `totalCount` and `facets`. */
  filter: CatalogFilter;
  /** The count, once `totalCount` or `totalCountIsApproximate` asked for it (one statement for both). */
  counted?: Promise<Counted>;
}

@ObjectType('ListingFacets', {
  description: 'How many matching listings each value of a facet has. Each facet applies every filter except its own, so selected values keep showing their alternatives.',
})
export class ListingFacets {
  filter: CatalogFilter;
  /** Each facet's counts, once asked for (by its field or by `approximate`). */
  technologyCounts?: Promise<FacetCounts>;
  projectTypeCounts?: Promise<FacetCounts>;
}

@ObjectType('RemoteFacet', { description: 'How many matching gigs are remote, with every filter but "remote only".' })
export class RemoteFacetType {
  @Field(() => Int, { description: 'Matching remote gigs.' })
  count: number;

  @Field({ description: 'Whether `count` is an estimate (the rule of `ListingConnection.totalCountIsApproximate`).' })
  approximate: boolean;
}

@ObjectType('BudgetBand', { description: 'A range of budgets of one kind and how many matching gigs have a budget overlapping it.' })
export class BudgetBandType {
  @Field(() => BudgetKindEnum, { description: 'Fixed price or hourly.' })
  kind: BudgetKind;

  @Field(() => Int, { description: "The band's lower end, in hundredths of the currency's main unit, included." })
  minCents: number;

  @Field(() => Int, { nullable: true, description: "The band's upper end, in hundredths of the main unit, included; null: no upper end." })
  maxCents: number | null;

  @Field(() => Int, { description: 'Matching gigs whose budget overlaps the band (a gig whose range spans two bands counts in both). Filtering by `budget: { currency, minCents, maxCents }` of the band and its `budgetKind` finds them.' })
  count: number;
}

@ObjectType('BudgetFacet', {
  description:
    "Matching gigs per budget band, with every filter but the budget range, in one currency (no conversion). Bands: fixed prices under 1,000, 1,000–5,000, 5,000–20,000 and over 20,000 of the main unit; hourly rates under 25, 25–50, 50–100 and over 100. Empty bands are left out.",
})
export class BudgetFacetType {
  @Field({ description: "The currency of the bands: the filter's `budget.currency`, else USD." })
  currency: string;

  @Field(() => [BudgetBandType], { description: 'Bands with at least one gig, fixed then hourly, lowest first.' })
  bands: BudgetBandType[];

  @Field({ description: 'Whether the counts are estimates (the rule of `ListingConnection.totalCountIsApproximate`).' })
  approximate: boolean;
}

@ObjectType('TechnologyFacet', { description: 'A technology and how many matching listings need it.' })
export class TechnologyFacetType {
  @Field(() => TechnologyType, { description: 'The technology.' })
  technology: TechnologyType;

  @Field(() => Int, { description: 'Matching listings that need it (0 for a selected technology that none has).' })
  count: number;
}

@ObjectType('ProjectTypeFacet', { description: 'A project type and how many matching listings are of it.' })
export class ProjectTypeFacetType {
  @Field(() => ProjectTypeType, { description: 'The project type.' })
  projectType: ProjectTypeType;

  @Field(() => Int, { description: 'Matching listings of this type (0 for a selected type that none has).' })
  count: number;
}

export enum SearchSuggestionKind {
  TECHNOLOGY = 'TECHNOLOGY',
  PROJECT_TYPE = 'PROJECT_TYPE',
  TERM = 'TERM',
}

registerEnumType(SearchSuggestionKind, {
  name: 'SearchSuggestionKind',
  description: 'What a search suggestion stands for.',
  valuesConfig: {
    TECHNOLOGY: { description: 'A technology of the taxonomy (`technology` is set): filter by it, or search its name.' },
    PROJECT_TYPE: { description: 'A project type of the taxonomy (`projectType` is set): filter by it.' },
    TERM: { description: 'A word of published gig titles: search it.' },
  },
});

@ObjectType('SearchSuggestion', { description: 'A completion of what someone is typing in the search box.' })
export class SearchSuggestionType {
  @Field({ description: 'What to show and, for TERM, what to search: the technology or project type name, or the word (lower case).' })
  text: string;

  @Field(() => SearchSuggestionKind, { description: 'What the suggestion stands for.' })
  kind: SearchSuggestionKind;

  @Field(() => TechnologyType, { nullable: true, description: 'The technology, when `kind` is TECHNOLOGY.' })
  technology: TechnologyType | null;

  @Field(() => ProjectTypeType, { nullable: true, description: 'The project type, when `kind` is PROJECT_TYPE.' })
  projectType: ProjectTypeType | null;

  @Field(() => Int, {
    description:
      'Published gigs it leads to: for TECHNOLOGY and PROJECT_TYPE the gigs tagged with it (the facet count of the whole catalogue), for TERM the published gigs whose title has the word.',
  })
  count: number;
}

@ObjectType('TextMatchHighlight', { description: 'One matched word in a text match fragment.' })
export class TextMatchHighlightType {
  @Field({ description: 'The matched text, as it appears in the fragment.' })
  text: string;

  @Field(() => Int, { description: 'Where the matched text begins in `fragment`: a UTF-16 code unit offset (as JavaScript string indices), 0-based.' })
  beginIndice: number;

  @Field(() => Int, { description: 'Where the matched text ends in `fragment`: the UTF-16 code unit offset just after its last code unit (exclusive), so `fragment.slice(beginIndice, endIndice) === text`.' })
  endIndice: number;
}

@ObjectType('TextMatch', {
  description:
    "Why a listing matched the search, in GitHub's shape: a fragment of one property and the matched words in it. Plain text and offsets, never markup: render the fragment as text and mark the highlighted ranges.",
})
export class TextMatchType {
  @Field({ description: '`title` or `description`: the listing field the fragment comes from.' })
  property: string;

  @Field({
    description: `The text around the matches: the whole title, or up to ${FRAGMENT_LENGTH} UTF-16 code units of the description cut at spaces, starting up to ${FRAGMENT_CONTEXT} code units before its first match.`,
  })
  fragment: string;

  @Field(() => [TextMatchHighlightType], { description: `The matched words in the fragment, in order (the first ${MAX_HIGHLIGHTS}).` })
  highlights: TextMatchHighlightType[];
}
