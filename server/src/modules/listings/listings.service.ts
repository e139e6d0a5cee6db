import type { EntityManager } from 'typeorm';
import type { Clock } from '../../clock';
import { cursorFormat, cursorParts, timestampKey } from '../../db/cursors';
import { badInput, conflict, notFound, type FieldErrors } from '../../errors';
import type { Infrastructure } from '../../infrastructure';
import { requireVerifiedEmail } from '../accounts/email-verification';
import type { EmployersService } from '../employers/employers.service';
import type { TaxonomyService } from '../taxonomy/taxonomy.service';
import type { ListingEntity, ListingStatus } from './listing.entity';
import { listingColumns, listingFromRow, type ListingRow } from './listing.sql';
import type { ListingPublishedHandler } from './listings.events';
import type { NotificationsService } from '../notifications/notifications.service';
import { assertMayChange, listedSql } from './listings.policy';
import { TERMS_COLUMNS, termsColumnValues, termsErrors, termsOfListing, type ListingTerms } from './listing-terms';

/** A published listing names this many technologies; a draft may name fewer, never more. */
export const TECHNOLOGY_COUNT = { min: 1, max: 10 } as const;

export const technologyCountMessage = `must name ${TECHNOLOGY_COUNT.min} to ${TECHNOLOGY_COUNT.max} technologies`;

/**
 * What a member writes of a listing, taxonomy ids local. An absent field is not given (left as it
 * is by `update`). A taxonomy id of null named nothing of its kind: it is reported with the unknown
 * ones, after access is checked.
 */
export interface ListingContent extends Partial<ListingTerms> {
  title?: string | null;
  description?: string | null;
  projectTypeId?: number | null;
  technologyIds?: Array<number | null>;
}

/** The parts of the terms, each stated whole or cleared (null) as one. */
const TERMS_PARTS = ['budget', 'duration', 'location'] as const satisfies ReadonlyArray<keyof ListingTerms>;

/** The columns of the given parts of the terms, each with its `$n` placeholder; the values are pushed onto `params`. */
function termsColumns(content: ListingContent, params: unknown[]): Array<{ column: string; placeholder: string }> {
  const columns: Array<{ column: string; placeholder: string }> = [];
  for (const part of TERMS_PARTS) {
    if (content[part] === undefined) continue;
    const values = termsColumnValues(part, content[part] ?? null);
    TERMS_COLUMNS[part].forEach((column, index) => {
      params.push(values[index]);
      columns.push({ column, placeholder: `$${params.length}` });
    });
  }
  return columns;
}

/** Parts of the terms that content clears (null). */
function clearedTerms(content: ListingContent): FieldErrors {
  const cleared: FieldErrors = {};
  for (const part of TERMS_PARTS) if (content[part] === null) cleared[part] = 'cannot be cleared once published';
  return cleared;
}

export interface NewListing extends ListingContent {
  title: string;
  description: string;
}

/** The taxonomy references of a listing's content, checked; absent ones were not given. */
interface ListingRefs {
  projectTypeId?: number;
  technologyIds?: number[];
}

/** Up to `first + 1` rows (the extra one tells `toPage` a next page exists) and their cursors. */
export interface ListingPage {
  rows: ListingEntity[];
  cursorOf(listing: ListingEntity): string;
}

/** Newest first: (created key, id). */
const employerListingCursor = cursorFormat(cursorParts.timestamp, cursorParts.uuid);

const RETURNING = `RETURNING ${listingColumns('listings')}`;

/** SQL: the status `Listing.status` shows for the listing `alias`: PUBLISHED only while listed (`listedSql`), EXPIRED once past its end. */
const shownStatusSql = (alias: string) => `CASE WHEN ${alias}.status = 'PUBLISHED' AND NOT (${listedSql(alias)}) THEN 'EXPIRED' ELSE ${alias}.status END`;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Spends one of an employer's credits on a listing inside the caller's transaction (payments' credits). */
export interface CreditSpender {
  spendOne(manager: EntityManager, employerId: string, listingId: string): Promise<string>;
}

export class ListingsService {
  private readonly publishedHandlers: ListingPublishedHandler[] = [];

  constructor(
    private readonly deps: Infrastructure,
    private readonly employers: EmployersService,
    private readonly taxonomy: TaxonomyService,
    private readonly credits: CreditSpender,
    private readonly clock: Clock,
    private readonly notifications: Pick<NotificationsService, 'markListingRemindersRead'>,
  ) {}

  /** The end of a period of `LISTING_DAYS` that starts at `from`. */
  private periodFrom(from: Date): Date {
    return new Date(from.getTime() + this.deps.config.listingDays * DAY_MS);
  }

  /** Another module's handler of every publish, run after its commit (saved searches alert their owners). */
  onPublished(handler: ListingPublishedHandler): void {
    this.publishedHandlers.push(handler);
  }

  /**
   * Saves a new draft. Only the title and description are required: the project type and the
   * technologies may come later (`update`), and `publish` insists on them. Given ones are checked
   * as always; an explicitly empty technology list is a draft without technologies.
   */
  async create(userId: string, employerId: string, input: NewListing): Promise<ListingEntity> {
    await this.employers.requireRole(userId, employerId);
    const refs = await this.checkRefs(input, { draft: true });
    return this.deps.ds.transaction(async (manager) => {
      const params: unknown[] = [employerId, userId, input.title.trim(), input.description.trim(), refs.projectTypeId ?? null];
      const terms = termsColumns(input, params);
      const [row] = (await manager.query(
        `INSERT INTO listings (employer_id, posted_by_user_id, title, description, project_type_id${terms.map(({ column }) => `, ${column}`).join('')})
         VALUES ($1, $2, $3, $4, $5${terms.map(({ placeholder }) => `, ${placeholder}`).join('')}) ${RETURNING}`,
        params,
      )) as ListingRow[];
      await this.setTechnologies(manager, row.id, refs.technologyIds ?? []);
      return listingFromRow(row);
    });
  }

  /**
   * Members edit drafts and published listings; a closed one is final (CONFLICT). Only a draft may
   * have its technologies emptied: a published listing keeps 1 to 10.
   */
  async update(userId: string | null, listingId: string, input: ListingContent): Promise<ListingEntity> {
    const listing = await this.requireMemberAccess(userId, listingId);
    if (listing.status === 'CLOSED') throw conflict('A closed listing cannot be edited');
    const refs = await this.checkRefs(input, { draft: listing.status === 'DRAFT' });
    return this.deps.ds.transaction(async (manager) => {
      // Conditional on the status, so an edit racing a close cannot change a closed listing.
      const params: unknown[] = [listingId, input.title?.trim() ?? null, input.description?.trim() ?? null, refs.projectTypeId ?? null];
      const terms = termsColumns(input, params);
      const [rows] = (await manager.query(
        `UPDATE listings SET
           title = COALESCE($2, title),
           description = COALESCE($3, description),
           project_type_id = COALESCE($4, project_type_id),
           ${terms.map(({ column, placeholder }) => `${column} = ${placeholder},`).join(' ')}
           updated_at = clock_timestamp()
         WHERE id = $1 AND status <> 'CLOSED' ${RETURNING}`,
        params,
      )) as [ListingRow[], number];
      if (!rows[0]) throw conflict('A closed listing cannot be edited');
      // The row is locked now; a publish that slipped in since the check above makes this no draft.
      if (refs.technologyIds?.length === 0 && rows[0].status !== 'DRAFT') throw badInput({ technologyIds: technologyCountMessage });
      if (rows[0].status !== 'DRAFT' && Object.keys(clearedTerms(input)).length) throw badInput(clearedTerms(input));
      if (refs.technologyIds) {
        await manager.query('DELETE FROM listing_technologies WHERE listing_id = $1', [listingId]);
        await this.setTechnologies(manager, listingId, refs.technologyIds);
      }
      return listingFromRow(rows[0]);
    });
  }

  /**
   * Publishes a draft and spends one credit of its employer, in one transaction. The row is locked
   * first, so concurrent publishes (and edits) of the same listing serialize: the first publish
   * spends, the others find it PUBLISHED and spend nothing. An incomplete draft (no project type,
   * not 1 to 10 technologies, or a missing budget, duration or location) is BAD_USER_INPUT naming
   * what is missing, before any credit is touched. With no credit, `spendOne` throws PAYMENT_REQUIRED and the flip rolls back with it.
   * Publishing buys `LISTING_DAYS` from now (`expiresAt`). The member must have verified their
   * email (FORBIDDEN otherwise, `emailNotVerified`); an EXPIRED listing is renewed, not published
   * (CONFLICT).
   */
  async publish(userId: string | null, listingId: string): Promise<ListingEntity> {
    await this.requireMemberAccess(userId, listingId);
    // A member has a user id: `requireMemberAccess` let them through.
    await requireVerifiedEmail(this.deps.ds.manager, userId!, 'publish a listing');
    let publishedNow = false;
    const listing = await this.deps.ds.transaction(async (manager) => {
      const current = await this.findListing(manager, listingId, { lock: true });
      if (!current) throw notFound('Listing');
      if (current.status === 'CLOSED') throw conflict('A closed listing cannot be published again');
      if (current.status === 'EXPIRED') throw conflict("This listing has expired: renew it on your employer's page to publish it for another period");
      if (current.status === 'PUBLISHED') return current;
      // A statement of its own, after the lock: it sees technologies an edit committed meanwhile.
      const [{ count }] = (await manager.query('SELECT count(*)::int AS count FROM listing_technologies WHERE listing_id = $1', [
        listingId,
      ])) as Array<{ count: number }>;
      const missing: FieldErrors = {};
      if (current.projectTypeId === null) missing.projectTypeId = 'is required to publish';
      const terms = termsOfListing(current);
      for (const part of TERMS_PARTS) if (terms[part] === null) missing[part] = 'is required to publish';
      if (count < TECHNOLOGY_COUNT.min || count > TECHNOLOGY_COUNT.max) {
        missing.technologyIds = `needs ${TECHNOLOGY_COUNT.min} to ${TECHNOLOGY_COUNT.max} technologies to publish`;
      }
      if (Object.keys(missing).length) throw badInput(missing);
      const [rows] = (await manager.query(
        `UPDATE listings SET status = 'PUBLISHED', published_at = clock_timestamp(), updated_at = clock_timestamp(),
                expires_at = $2, expiry_reminded_at = NULL
         WHERE id = $1 ${RETURNING}`,
        [listingId, this.periodFrom(this.clock.now())],
      )) as [ListingRow[], number];
      await this.credits.spendOne(manager, rows[0].employer_id, listingId);
      publishedNow = true;
      return listingFromRow(rows[0]);
    });
    // After the commit, and only when this call published it.
    if (publishedNow) for (const handler of this.publishedHandlers) await handler({ listingId });
    return listing;
  }

  /**
   * Renews a published or expired listing for another `LISTING_DAYS`, spending one credit of its
   * employer in the same transaction (PAYMENT_REQUIRED with none left, and nothing changes). The
   * period is added to `expiresAt` while the listing runs, or starts now once it has run out (an
   * EXPIRED listing, or one the expiry job has not reached yet); an expired listing is PUBLISHED
   * again, in the catalogue at its first publish date. The reminder is due again for the new
   * period. A draft is published, not renewed, and a closed listing is final: both CONFLICT. The
   * member must have verified their email (FORBIDDEN otherwise). Two renewals at once take turns
   * on the row lock: each spends a credit and adds a period. In the same transaction every unread
   * LISTING_EXPIRING / LISTING_EXPIRED notification of the listing (any member's) is marked read:
   * they were about the period that just ended or moved.
   */
  async renew(userId: string | null, listingId: string): Promise<ListingEntity> {
    await this.requireMemberAccess(userId, listingId);
    await requireVerifiedEmail(this.deps.ds.manager, userId!, 'renew a listing');
    return this.deps.ds.transaction(async (manager) => {
      const current = await this.findListing(manager, listingId, { lock: true });
      if (!current) throw notFound('Listing');
      if (current.status === 'DRAFT') throw conflict('This listing is a draft: publish it rather than renew it');
      if (current.status === 'CLOSED') throw conflict('A closed listing cannot be renewed');
      const now = this.clock.now();
      const from = current.expiresAt && current.expiresAt > now ? current.expiresAt : now;
      const [rows] = (await manager.query(
        `UPDATE listings SET status = 'PUBLISHED', expires_at = $2, expiry_reminded_at = NULL, updated_at = clock_timestamp()
         WHERE id = $1 ${RETURNING}`,
        [listingId, this.periodFrom(from)],
      )) as [ListingRow[], number];
      await this.credits.spendOne(manager, current.employerId, listingId);
      // The old period's reminders are answered: read, so no digest mails an end that has moved.
      await this.notifications.markListingRemindersRead(manager, listingId);
      return listingFromRow(rows[0]);
    });
  }

  /** Closes a draft or a published listing; closing a closed one changes nothing. */
  async close(userId: string | null, listingId: string): Promise<ListingEntity> {
    await this.requireMemberAccess(userId, listingId);
    const [rows] = (await this.deps.ds.query(
      `UPDATE listings SET status = 'CLOSED', closed_at = clock_timestamp(), updated_at = clock_timestamp()
       WHERE id = $1 AND status <> 'CLOSED' ${RETURNING}`,
      [listingId],
    )) as [ListingRow[], number];
    if (rows[0]) return listingFromRow(rows[0]);
    const current = await this.findListing(this.deps.ds.manager, listingId);
    if (!current) throw notFound('Listing');
    return current;
  }

  /**
   * An employer's listings, newest first, keyset-paged on (created_at, id). `statuses` are the ones
   * the viewer may see (members: any; everyone else: PUBLISHED), read as `Listing.status` shows
   * them: a PUBLISHED listing past its end, not yet flipped by the expiry job, counts as EXPIRED,
   * so PUBLISHED is exactly the catalogue's rule (`listedSql`) and a non-member never sees it.
   */
  async employerListings(employerId: string, statuses: ListingStatus[], first: number, after: string | null): Promise<ListingPage> {
    const params: unknown[] = [employerId, statuses, first + 1];
    let keyset = '';
    if (after) {
      params.push(...employerListingCursor.decode(after));
      keyset = 'AND (l.created_at, l.id) < ($4::timestamptz, $5::uuid)';
    }
    const rows = (await this.deps.ds.query(
      `SELECT ${listingColumns('l')}, ${timestampKey('l.created_at')} AS created_key
         FROM listings l
        WHERE l.employer_id = $1 AND ${shownStatusSql('l')} = ANY($2::text[]) ${keyset}
        ORDER BY l.created_at DESC, l.id DESC
        LIMIT $3`,
      params,
    )) as Array<ListingRow & { created_key: string }>;
    const keys = new Map(rows.map((row) => [row.id, row.created_key]));
    return {
      rows: rows.map(listingFromRow),
      cursorOf: (listing) => employerListingCursor.encode([keys.get(listing.id) ?? '', listing.id]),
    };
  }

  async countEmployerListings(employerId: string, statuses: ListingStatus[]): Promise<number> {
    const [{ count }] = (await this.deps.ds.query(
      `SELECT count(*)::int AS count FROM listings l WHERE l.employer_id = $1 AND ${shownStatusSql('l')} = ANY($2::text[])`,
      [employerId, statuses],
    )) as Array<{ count: number }>;
    return count;
  }

  /** The listing, if the user may change it (see `assertMayChange`). */
  private async requireMemberAccess(userId: string | null, listingId: string): Promise<ListingEntity> {
    const listing = await this.findListing(this.deps.ds.manager, listingId);
    if (!listing) throw notFound('Listing');
    const role = userId ? await this.employers.roleOf(userId, listing.employerId) : null;
    assertMayChange(listing, userId, role !== null);
    return listing;
  }

  /**
   * The listing, read through `manager`: the caller's transaction (other modules read listings
   * only through this), or `ds.manager`. `lock` takes its row lock (FOR UPDATE) until the
   * transaction ends.
   */
  async findListing(manager: EntityManager, listingId: string, options: { lock?: boolean } = {}): Promise<ListingEntity | null> {
    const lock = options.lock ? 'FOR UPDATE' : '';
    const rows = (await manager.query(`SELECT ${listingColumns('l')} FROM listings l WHERE l.id = $1 ${lock}`, [listingId])) as ListingRow[];
    return rows[0] ? listingFromRow(rows[0]) : null;
  }

  /**
   * Checks the taxonomy ids and the terms the content names; every bad field is reported at once.
   * An empty technology list, or terms cleared (null), are accepted only for a draft
   * (class-validator has already capped the list).
   */
  private async checkRefs(content: ListingContent, { draft }: { draft: boolean }): Promise<ListingRefs> {
    const taxonomy = await this.taxonomy.get();
    const fields: FieldErrors = {};
    const refs: ListingRefs = {};
    if (content.projectTypeId !== undefined) {
      const projectTypeId = content.projectTypeId;
      if (projectTypeId !== null && taxonomy.projectType(projectTypeId)) refs.projectTypeId = projectTypeId;
      else fields.projectTypeId = 'is not a project type';
    }
    Object.assign(fields, termsErrors(content));
    if (!draft) Object.assign(fields, clearedTerms(content));
    if (content.technologyIds?.length === 0 && !draft) {
      fields.technologyIds = technologyCountMessage;
    } else if (content.technologyIds !== undefined) {
      const technologyIds = content.technologyIds;
      if (technologyIds.every((id): id is number => id !== null && taxonomy.technology(id) !== undefined)) {
        refs.technologyIds = technologyIds;
      } else {
        fields.technologyIds = 'must all be technologies';
      }
    }
    if (Object.keys(fields).length) throw badInput(fields);
    return refs;
  }

  private async setTechnologies(manager: EntityManager, listingId: string, technologyIds: number[]): Promise<void> {
    await manager.query(
      'INSERT INTO listing_technologies (listing_id, technology_id) SELECT $1, unnest($2::int[])',
      [listingId, technologyIds],
    );
  }
}
