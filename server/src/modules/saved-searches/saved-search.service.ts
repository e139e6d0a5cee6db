import { conflict, notFound } from '../../errors';
import type { Infrastructure } from '../../infrastructure';
import { memberOfEmployerSql } from '../employers/employers.policy';
import { listedSql } from '../listings/listings.policy';
import type { NotificationsService } from '../notifications/notifications.service';
import {
  budgetInCurrencySql,
  budgetKindIsSql,
  budgetReachesSql,
  budgetWithinSql,
  hasAnyTechnologySql,
  isRemoteSql,
  matchesSearchSql,
  projectTypeInSql,
  searchTsquerySql,
} from '../catalog/catalog.sql';
import { searchQuery } from '../catalog/search-query';
import { SavedSearchEntity, type StoredFilter } from './saved-search.entity';

const MAX_SAVED_SEARCHES = 50;

export interface NewSavedSearch {
  name: string;
  /** Local taxonomy ids; an omitted facet or term does not narrow. */
  filter: Partial<StoredFilter>;
}

/** A stored filter's ids of one facet as an SQL `int[]`, the form the catalogue's conditions take. */
function storedIdsSql(facet: 'technologyIds' | 'projectTypeIds' | 'projectSuperTypeIds'): string {
  return `ARRAY(SELECT jsonb_array_elements_text(s.filter->'${facet}')::int)`;
}

interface Match {
  userId: string;
  savedSearchIds: string[];
  savedSearchNames: string[];
  title: string;
}

export class SavedSearchService {
  constructor(
    private readonly deps: Infrastructure,
    private readonly notifications: NotificationsService,
  ) {}

  async save(userId: string, search: NewSavedSearch): Promise<SavedSearchEntity> {
    const { filter } = search;
    const stored: StoredFilter = {
      // Every later publish matches against it: never store a search PostgreSQL would refuse.
      search: searchQuery(filter.search),
      technologyIds: filter.technologyIds ?? [],
      projectTypeIds: filter.projectTypeIds ?? [],
      projectSuperTypeIds: filter.projectSuperTypeIds ?? [],
      budget: filter.budget ?? null,
      budgetKind: filter.budgetKind ?? null,
      remoteOnly: filter.remoteOnly ?? false,
    };
    const repository = this.deps.ds.getRepository(SavedSearchEntity);
    if ((await repository.countBy({ userId })) >= MAX_SAVED_SEARCHES) {
      throw conflict(`You already have ${MAX_SAVED_SEARCHES} saved searches: delete one first`);
    }
    return repository.save(repository.create({ userId, name: search.name.trim(), filter: { ...stored } }));
  }

  async listForUser(userId: string): Promise<SavedSearchEntity[]> {
    return this.deps.ds.getRepository(SavedSearchEntity).find({ where: { userId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  /** Deletes one of the user's saved searches; anyone else's is NOT_FOUND. */
  async delete(userId: string, id: string): Promise<void> {
    const result = await this.deps.ds.getRepository(SavedSearchEntity).delete({ id, userId });
    if (!result.affected) throw notFound('Saved search');
  }

  /**
   * Call after the publish of `listingId` has committed: notifies, live, the owner of every saved
   * search it matches, once per owner however many of their searches match, and never a member
   * of the listing's own employer. The catalogue's own conditions (catalog.sql.ts: any id within
   * a facet, all facets, the search as a web search), in one query joining saved_searches to the
   * listing, the terms too (a budget range in its currency, the budget kind, remote only). Unlike
   * the catalogue, which leaves an empty facet or absent term out of its statement, this tests
   * emptiness per stored filter, and reaches super types through the listing's project type
   * rather than the taxonomy. Never throws: the publish has already succeeded.
   */
  async notifyMatches(listingId: string): Promise<void> {
    try {
      const matches = (await this.deps.ds.query(
        `SELECT s.user_id AS "userId", array_agg(s.id ORDER BY s.created_at, s.id) AS "savedSearchIds",
                array_agg(s.name ORDER BY s.created_at, s.id) AS "savedSearchNames", min(l.title) AS title
           FROM listings l
           JOIN project_types pt ON pt.id = l.project_type_id
           JOIN saved_searches s ON true
          WHERE l.id = $1 AND ${listedSql('l')}
            AND NOT ${memberOfEmployerSql('l.employer_id', 's.user_id')}
            AND (coalesce(s.filter->>'search', '') = '' OR ${matchesSearchSql('l', searchTsquerySql("s.filter->>'search'"))})
            AND (jsonb_array_length(s.filter->'projectTypeIds') = 0 OR ${projectTypeInSql('l', storedIdsSql('projectTypeIds'))})
            AND (jsonb_array_length(s.filter->'projectSuperTypeIds') = 0 OR pt.super_type_id = ANY(${storedIdsSql('projectSuperTypeIds')}))
            AND (jsonb_array_length(s.filter->'technologyIds') = 0 OR ${hasAnyTechnologySql('l', storedIdsSql('technologyIds'))})
            AND (s.filter->>'budget' IS NULL OR (${budgetInCurrencySql('l', "s.filter->'budget'->>'currency'")}
                 AND (s.filter->'budget'->>'minCents' IS NULL OR ${budgetReachesSql('l', "(s.filter->'budget'->>'minCents')::int")})
                 AND (s.filter->'budget'->>'maxCents' IS NULL OR ${budgetWithinSql('l', "(s.filter->'budget'->>'maxCents')::int")})))
            AND (s.filter->>'budgetKind' IS NULL OR ${budgetKindIsSql('l', "s.filter->>'budgetKind'")})
            AND (NOT (s.filter->>'remoteOnly')::boolean OR ${isRemoteSql('l')})
          GROUP BY s.user_id`,
        [listingId],
      )) as Match[];
      if (matches.length === 0) return;
      const stored = await this.notifications.addMany(
        this.deps.ds.manager,
        matches.map((match) => ({
          userId: match.userId,
          kind: 'SAVED_SEARCH_MATCH',
          payload: {
            listingId,
            listingTitle: match.title,
            savedSearchIds: match.savedSearchIds,
            savedSearchNames: match.savedSearchNames,
          },
          groupKey: `saved-search-match:${listingId}`,
        })),
      );
      await this.notifications.publish(stored);
    } catch (err) {
      this.deps.logger.error({ err, listingId }, 'saved-search alerts failed');
    }
  }
}
