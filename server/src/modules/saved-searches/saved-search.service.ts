import { conflict, badInput, notFound, type FieldErrors } from '../../errors';
import type { Infrastructure } from '../../services';
import { memberOfEmployerSql } from '../employers/employers.policy';
import type { NotificationsService } from '../notifications/notifications.service';
import type { TaxonomyService } from '../taxonomy/taxonomy.service';
import { SavedSearchEntity, type StoredFilter } from './saved-search.entity';
import type { SaveSearchInput } from './saved-search.inputs';
import { searchQuery } from '../catalog/search-query';

const MAX_SAVED_SEARCHES = 50;

interface Match {
  userId: string;
  savedSearchIds: string[];
  savedSearchNames: string[];
  title: string;
}

export class SavedSearchService {
  constructor(
    private readonly deps: Infrastructure,
    private readonly taxonomy: TaxonomyService,
    private readonly notifications: NotificationsService,
  ) {}

  async save(userId: string, input: SaveSearchInput): Promise<SavedSearchEntity> {
    const filter = await this.resolveFilter(input.filter);
    const repository = this.deps.ds.getRepository(SavedSearchEntity);
    if ((await repository.countBy({ userId })) >= MAX_SAVED_SEARCHES) {
      throw conflict(`You already have ${MAX_SAVED_SEARCHES} saved searches: delete one first`);
    }
    return repository.save(repository.create({ userId, name: input.name.trim(), filter: { ...filter } }));
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
   * of the listing's own employer. The same semantics as the catalogue (any id within a facet,
   * all facets, `websearch_to_tsquery` on the listing's search document), in one query joining
   * saved_searches to the listing. Never throws: the publish has already succeeded.
   */
  async notifyMatches(listingId: string): Promise<void> {
    try {
      const matches = (await this.deps.ds.query(
        `SELECT s.user_id AS "userId", array_agg(s.id ORDER BY s.created_at, s.id) AS "savedSearchIds",
                array_agg(s.name ORDER BY s.created_at, s.id) AS "savedSearchNames", min(l.title) AS title
           FROM listings l
           JOIN project_types pt ON pt.id = l.project_type_id
           JOIN saved_searches s ON true
          WHERE l.id = $1 AND l.status = 'PUBLISHED'
            AND NOT ${memberOfEmployerSql('l.employer_id', 's.user_id')}
            AND (coalesce(s.filter->>'search', '') = '' OR l.search @@ websearch_to_tsquery('english', s.filter->>'search'))
            AND (jsonb_array_length(s.filter->'projectTypeIds') = 0 OR s.filter->'projectTypeIds' @> to_jsonb(l.project_type_id))
            AND (jsonb_array_length(s.filter->'projectSuperTypeIds') = 0 OR s.filter->'projectSuperTypeIds' @> to_jsonb(pt.super_type_id))
            AND (jsonb_array_length(s.filter->'technologyIds') = 0 OR EXISTS (
                  SELECT 1 FROM listing_technologies lt
                   WHERE lt.listing_id = l.id AND s.filter->'technologyIds' @> to_jsonb(lt.technology_id)))
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

  /** Global taxonomy ids → the stored filter of local ids; unknown ids name their field. */
  private async resolveFilter(input: SaveSearchInput['filter']): Promise<StoredFilter> {
    const taxonomy = await this.taxonomy.get();
    const fields: FieldErrors = {};
    const resolve = (ids: string[] | null | undefined, localIdOf: (globalId: string) => number | undefined, field: string, what: string): number[] => {
      const found = (ids ?? []).map(localIdOf);
      if (found.some((id) => id === undefined)) fields[`filter.${field}`] = `must all be ${what}`;
      return [...new Set(found.filter((id): id is number => id !== undefined))].sort((a, b) => a - b);
    };
    const filter: StoredFilter = {
      search: searchQuery(input.search),
      technologyIds: resolve(input.technologyIds, (id) => taxonomy.technologyIdOf(id), 'technologyIds', 'technologies'),
      projectTypeIds: resolve(input.projectTypeIds, (id) => taxonomy.projectTypeIdOf(id), 'projectTypeIds', 'project types'),
      projectSuperTypeIds: resolve(input.projectSuperTypeIds, (id) => taxonomy.projectSuperTypeIdOf(id), 'projectSuperTypeIds', 'project super types'),
    };
    if (Object.keys(fields).length) throw badInput(fields);
    return filter;
  }
}
