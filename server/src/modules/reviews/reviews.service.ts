import DataLoader from 'dataloader';
import { In, type EntityManager } from 'typeorm';
import type { Clock } from '../../clock';
import { cursorFormat, cursorParts } from '../../db/cursors';
import type { LoaderFactory } from '../../db/loaders';
import { badInput } from '../../errors';
import type { Infrastructure } from '../../infrastructure';
import type { JobQueue } from '../../jobs/queue';
import { graphemeLengthWithin } from '../../text';
import { ProfileEntity } from '../accounts/profile.entity';
import type { ContractJournal, Outbox } from '../contracts/contract-journal';
import type { ContractEntity } from '../contracts/contract.entity';
import { contractNotFound } from '../contracts/contracts.errors';
import { completedContractSql, requireParty, rolesIn } from '../contracts/contracts.policy';
import type { ContractsService } from '../contracts/contracts.service';
import { ReviewEntity, type ReviewSubjectRole } from './review.entity';
import { reviewByIdLoader, reviewedSidesOfConversations } from './reviews.loaders';
import { alreadyReviewed, alreadyReviewedInConversation, neverSigned, notEnded, partiesOnly, reviewNotFound, windowClosed } from './reviews.errors';
import { isPublished, publishedReviewSql, replyRefusal, REVIEW_WINDOW_DAYS, reviewableSince, reviewWindowClosesAt, withoutHiddenReviewEvents } from './reviews.policy';

interface WindowClosedJob {
  contractId: string;
}

/** Sent with a lone review, due when the contract's review window closes (`announceWindowClosed`). */
export const WINDOW_CLOSED_JOB = { name: 'reviews.window-closed', retry: { retryLimit: 10, retryDelaySeconds: 60 } };

/**
 * The notification kind that tells the other party a review of them exists while it is hidden:
 * who wrote it and by when to write theirs, never its rating or text (see `inviteOtherParty`).
 */
export const REVIEW_AWAITING_YOURS = 'REVIEW_AWAITING_YOURS';

/** A date in a notification's summary, which also goes into mails (no reader's time zone): "14 December 2026 at 09:30 UTC". */
function utcMoment(date: Date): string {
  const when = date.toLocaleString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });
  return `${when} UTC`;
}

export const MAX_REVIEW_LENGTH = 5_000;
export const MAX_REPLY_LENGTH = 2_000;

export interface NewReview {
  /** 1 to 5 stars. */
  rating: number;
  body: string;
}

/** A rating over published reviews: `average` to one decimal, null when there are none. */
export interface Rating {
  average: number | null;
  count: number;
}

/** What others see of a freelancer's or an employer's track record. */
export interface Reputation {
  rating: Rating;
  /** Contracts completed (as the worker, or by the employer). */
  completedContracts: number;
}

/** Whose published reviews a page lists: a freelancer's (as worker) or an employer's. */
export type ReviewSubject = { userId: string } | { employerId: string };

export interface ReviewPage {
  /** Up to `first + 1` rows: one more than the page when another page follows. */
  rows: ReviewEntity[];
  cursorOf(review: ReviewEntity): string;
}

/** Latest published first: (visible time in epoch microseconds, id). */
const reviewCursor = cursorFormat(cursorParts.epochMicros, cursorParts.uuid);
const MICROS = (column: string) => `(extract(epoch FROM ${column}) * 1000000)::bigint`;

/**
 * Reviews after a contract ends. Writes lock the contract row (as every contract write does), so
 * the two parties' reviews of one contract run one after the other: the second publishes both.
 * Each step goes into the contract's audit trail, live and (once public) as a notification, through
 * the contract journal; a review still hidden is its author's alone on every path (double-blind),
 * but for one notification that tells the other party it exists (`inviteOtherParty`).
 */
export class ReviewsService {
  constructor(
    private readonly deps: Infrastructure,
    private readonly clock: Clock,
    private readonly journal: ContractJournal,
    private readonly contracts: ContractsService,
    private readonly jobs: JobQueue,
  ) {
    jobs.define<WindowClosedJob>({ ...WINDOW_CLOSED_JOB, handle: ({ contractId }) => this.announceWindowClosed(contractId) });
  }

  /**
   * The review window of `contractId` has closed (the job sent with a lone review, due at the
   * window's end): when one review alone was written, it has just become public, so the reviewee
   * and its author are told (REVIEWS_PUBLISHED in the audit trail, live, and a notification to
   * each). Once per contract: nothing when both reviewed (they were told then) or it was already
   * announced. Run early (a clock behind the database's), it throws and the job is retried.
   */
  async announceWindowClosed(contractId: string): Promise<void> {
    await this.journal.write(async (manager, outbox) => {
      const contract = await this.contracts.findContract(manager, contractId, { lock: true });
      if (!contract) return;
      const reviews = await manager.findBy(ReviewEntity, { contractId });
      if (reviews.length !== 1) return;
      const [lone] = reviews;
      if (!isPublished(lone, this.clock.now())) throw new Error(`review window of contract ${contractId} not closed yet; retry later`);
      const announced = await manager.query(`SELECT 1 FROM contract_events WHERE contract_id = $1 AND kind = 'REVIEWS_PUBLISHED' LIMIT 1`, [contractId]);
      if ((announced as unknown[]).length > 0) return;
      await this.journal.record(manager, outbox, {
        contract,
        actorId: lone.authorId,
        kind: 'REVIEWS_PUBLISHED',
        reviewId: lone.id,
        data: { windowClosed: true },
        recipients: [
          ...(await this.journal.usersOf(manager, contract, lone.subjectRole)).map((userId) => ({
            userId,
            summary: `The ${REVIEW_WINDOW_DAYS}-day review window closed: the other party's review of you is now public, and you may reply to it`,
          })),
          { userId: lone.authorId, summary: `The ${REVIEW_WINDOW_DAYS}-day review window closed: your review is now public (the other party wrote none)` },
        ],
      });
    });
  }

  /** The time the review rules read (the app's clock). */
  now(): Date {
    return this.clock.now();
  }

  /**
   * The contract events `viewerId` may see: an event about a review only with a review they may
   * read now (double-blind: a hidden review, its author alone). Reviews are read through `loaders`,
   * the request's or a live event's, so every viewer of one event shares the load. Here rather than
   * in the contracts module, which must not import reviews (reviews depend on contracts).
   */
  visibleContractEvents<E extends { reviewId?: string | null }>(
    events: E[],
    viewerId: string | null,
    loaders: { loader<K, V>(factory: LoaderFactory<K, V>): DataLoader<K, V> },
  ): Promise<E[]> {
    const reviews = loaders.loader(reviewByIdLoader);
    return withoutHiddenReviewEvents(events, viewerId, this.clock.now(), (id) => reviews.load(id));
  }

  /** Freelancers' reputations by user id, one statement per batch (for `ctx.loader`). */
  readonly freelancerReputationLoader: LoaderFactory<string, Reputation> = () => new DataLoader((userIds) => this.reputations('WORKER', userIds));

  /** Employers' reputations by employer id, one statement per batch (for `ctx.loader`). */
  readonly employerReputationLoader: LoaderFactory<string, Reputation> = () => new DataLoader((employerIds) => this.reputations('EMPLOYER', employerIds));

  async submit(actorId: string, contractId: string, input: NewReview): Promise<ReviewEntity> {
    const body = input.body.trim();
    const fields: Record<string, string> = {};
    if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) fields.rating = 'must be a whole number from 1 to 5';
    if (!body) fields.body = 'must not be blank';
    else if (!graphemeLengthWithin(body, 0, MAX_REVIEW_LENGTH)) fields.body = `must be at most ${MAX_REVIEW_LENGTH.toLocaleString('en-US')} characters`;
    if (Object.keys(fields).length) throw badInput(fields);

    return this.journal.write(
      async (manager, outbox) => {
        const contract = await this.contracts.findContract(manager, contractId, { lock: true });
        if (!contract) throw contractNotFound();
        const role = await requireParty(contract, actorId, rolesIn(manager, contract.employerId), ['EMPLOYER', 'WORKER'], partiesOnly);
        const closesAt = this.openWindow(contract);
        const now = this.clock.now();
        if (now.getTime() >= closesAt.getTime()) throw windowClosed(closesAt);

        // One review per side (the worker; whoever acts for the employer) per conversation,
        // whichever of its contracts ended: a trigger holds to it too.
        const subjectRole: ReviewSubjectRole = role === 'WORKER' ? 'EMPLOYER' : 'WORKER';
        const existing = await manager.findBy(ReviewEntity, { contractId });
        if (existing.some((review) => review.subjectRole === subjectRole)) throw alreadyReviewed();
        if ((await reviewedSidesOfConversations(manager, [contract.conversationId]))[0].includes(subjectRole)) throw alreadyReviewedInConversation();
        const other = existing.find((review) => review.subjectRole !== subjectRole);
        const review = await manager.save(
          manager.create(ReviewEntity, {
            contractId,
            authorId: actorId,
            subjectId: subjectRole === 'EMPLOYER' ? contract.employerUserId : contract.workerUserId,
            subjectRole,
            employerId: contract.employerId,
            rating: input.rating,
            body,
            // Double-blind: hidden until the other party reviews too, or the window closes.
            visibleAt: other ? now : closesAt,
            reply: null,
            repliedAt: null,
          }),
        );
        if (other) await manager.update(ReviewEntity, { id: other.id }, { visibleAt: now });
        // Double-blind: a hidden review's audit entry and live event are its author's alone (see
        // `withoutHiddenReviewEvents`); the other party is told by a notification of its own.
        await this.journal.record(manager, outbox, { contract, actorId, kind: 'REVIEW_SUBMITTED', reviewId: review.id, quiet: true });
        if (other) await this.journal.record(manager, outbox, { contract, actorId, kind: 'REVIEWS_PUBLISHED', reviewId: review.id });
        else {
          await this.inviteOtherParty(manager, outbox, contract, review, closesAt);
          // A lone review goes public when the window closes: that job tells both parties then.
          await this.jobs.send(WINDOW_CLOSED_JOB, { contractId }, { manager, startAfter: closesAt });
        }
        return review;
      },
      // Two submissions by one party at the same moment: the unique index decides.
      alreadyReviewed,
    );
  }

  /** The reviewed side's one public reply to a published review (`replyRefusal`: about the employer, whoever acts for it now). */
  async reply(actorId: string, reviewId: string, text: string): Promise<ReviewEntity> {
    const body = text.trim();
    if (!body) throw badInput({ body: 'must not be blank' });
    if (!graphemeLengthWithin(body, 0, MAX_REPLY_LENGTH)) throw badInput({ body: `must be at most ${MAX_REPLY_LENGTH.toLocaleString('en-US')} characters` });
    return this.journal.write(async (manager, outbox) => {
      const found = await manager.findOneBy(ReviewEntity, { id: reviewId });
      if (!found) throw reviewNotFound();
      const contract = await this.contracts.findContract(manager, found.contractId, { lock: true });
      if (!contract) throw reviewNotFound();
      const review = await manager.findOneByOrFail(ReviewEntity, { id: reviewId });
      const now = this.clock.now();
      const refusal = await replyRefusal(review, actorId, now, rolesIn(manager, contract.employerId));
      if (refusal) throw refusal;
      await manager.update(ReviewEntity, { id: reviewId }, { reply: body, repliedAt: now });
      await this.journal.record(manager, outbox, { contract, actorId, kind: 'REVIEW_REPLIED', reviewId });
      return manager.findOneByOrFail(ReviewEntity, { id: reviewId });
    });
  }

  /** Published reviews of a freelancer (as worker) or of an employer, latest published first. */
  async page(subject: ReviewSubject, limit: number, after: string | null): Promise<ReviewPage> {
    const params: unknown[] = [this.clock.now(), limit + 1];
    const where = [publishedReviewSql('r', '$1')];
    if ('userId' in subject) {
      params.push(subject.userId);
      where.push(`r.subject_role = 'WORKER' AND r.subject_id = $${params.length}`);
    } else {
      params.push(subject.employerId);
      where.push(`r.subject_role = 'EMPLOYER' AND r.employer_id = $${params.length}`);
    }
    if (after !== null) {
      const [micros, id] = reviewCursor.decode(after);
      params.push(micros, id);
      where.push(`(${MICROS('r.visible_at')}, r.id) < ($${params.length - 1}::bigint, $${params.length}::uuid)`);
    }
    const rows = (await this.deps.ds.query(
      `SELECT r.id, ${MICROS('r.visible_at')}::text AS micros FROM reviews r WHERE ${where.join(' AND ')}
       ORDER BY r.visible_at DESC, r.id DESC LIMIT $2`,
      params,
    )) as Array<{ id: string; micros: string }>;
    const micros = new Map(rows.map((row) => [row.id, row.micros]));
    const entities = rows.length ? await this.deps.ds.getRepository(ReviewEntity).findBy({ id: In(rows.map((row) => row.id)) }) : [];
    const byId = new Map(entities.map((entity) => [entity.id, entity]));
    return {
      rows: rows.map((row) => byId.get(row.id)).filter((review): review is ReviewEntity => review !== undefined),
      cursorOf: (review) => reviewCursor.encode([micros.get(review.id) ?? '0', review.id]),
    };
  }

  /**
   * Reputations in key order: freelancers' (by user id; reviews of them as workers, contracts they
   * completed as the worker) or employers' (by employer id). One statement for the whole batch.
   */
  async reputations(kind: ReviewSubjectRole, keys: readonly string[]): Promise<Reputation[]> {
    const reviewColumn = kind === 'WORKER' ? 'subject_id' : 'employer_id';
    const contractColumn = kind === 'WORKER' ? 'worker_user_id' : 'employer_id';
    const rows = (await this.deps.ds.query(
      `SELECT k.key, r.average, r.count,
              (SELECT count(*)::int FROM contracts c WHERE c.${contractColumn} = k.key AND ${completedContractSql('c')}) AS completed
       FROM unnest($2::uuid[]) AS k(key)
       CROSS JOIN LATERAL (
         SELECT round(avg(r.rating), 1)::float8 AS average, count(*)::int AS count
         FROM reviews r WHERE r.subject_role = $1 AND r.${reviewColumn} = k.key AND ${publishedReviewSql('r', '$3')}
       ) r`,
      [kind, [...keys], this.clock.now()],
    )) as Array<{ key: string; average: number | null; count: number; completed: number }>;
    const byKey = new Map(rows.map((row) => [row.key, row]));
    return keys.map((key) => {
      const row = byKey.get(key);
      return { rating: { average: row?.average ?? null, count: row?.count ?? 0 }, completedContracts: row?.completed ?? 0 };
    });
  }

  /**
   * The first review of a contract: its subject, the other party alone, is told who reviewed them
   * and by when to write theirs (`REVIEW_AWAITING_YOURS`; both appear together then), as the big
   * marketplaces do, never its rating or text. Nobody else hears of it (the audit trail and live
   * events stay the author's, `withoutHiddenReviewEvents`): on the employer side whoever acts for
   * it now (`usersOf`: the poster while a member, else the employer's owners, who may review).
   */
  private async inviteOtherParty(manager: EntityManager, outbox: Outbox, contract: ContractEntity, review: ReviewEntity, closesAt: Date): Promise<void> {
    const invited = await this.journal.usersOf(manager, contract, review.subjectRole);
    const author = await manager.findOneBy(ProfileEntity, { userId: review.authorId });
    const authorName = author?.displayName ?? 'The other party';
    for (const userId of invited) {
      await this.journal.notify(manager, outbox, {
        userId,
        kind: REVIEW_AWAITING_YOURS,
        payload: {
          contractId: contract.id,
          fromUserId: review.authorId,
          authorName,
          reviewWindowClosesAt: closesAt.toISOString(),
          summary: `${authorName} has reviewed you: write your review by ${utcMoment(closesAt)} and both appear together`,
        },
      });
    }
  }

  /** When the window of a contract that takes reviews closes; CONFLICT for one that does not (yet). */
  private openWindow(contract: ContractEntity): Date {
    const closesAt = reviewWindowClosesAt(contract);
    if (closesAt && reviewableSince(contract)) return closesAt;
    if (contract.status === 'CANCELLED') throw neverSigned();
    throw notEnded();
  }
}
