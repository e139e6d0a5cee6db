import type { EntityManager } from 'typeorm';
import type { Infrastructure } from '../../infrastructure';
import { graphemePrefix } from '../../text';
import type { NotificationEntity } from '../notifications/notification.entity';
import type { NewNotification, NotificationsService } from '../notifications/notifications.service';
import type { ContractDetailsEntity } from './contract-details.entity';
import { ContractEventEntity } from './contract-event.entity';
import type { ContractEntity } from './contract.entity';
import { contractUpdatedTopic, type ContractEventKind, type ContractUpdatedEvent } from './contracts.events';
import { employerSideUserIds, otherSide, type Party } from './contracts.policy';

/** Where a signature came from, for the audit trail. */
export interface SignatureOrigin {
  ip: string | null;
  userAgent: string | null;
}

const UNIQUE_VIOLATION = '23505';

const NOTIFICATION_KINDS: Record<ContractEventKind, string> = {
  CREATED: 'CONTRACT_CREATED',
  DETAILS_SAVED: 'CONTRACT_DETAILS_SAVED',
  SIGNED: 'CONTRACT_SIGNED',
  LOCKED: 'CONTRACT_ACTIVE',
  CHANGE_ORDER_SUBMITTED: 'CHANGE_ORDER_SUBMITTED',
  CHANGE_ORDER_ACCEPTED: 'CHANGE_ORDER_ACCEPTED',
  CHANGE_ORDER_REJECTED: 'CHANGE_ORDER_REJECTED',
  CHANGE_ORDER_WITHDRAWN: 'CHANGE_ORDER_WITHDRAWN',
  COMPLETION_REQUESTED: 'CONTRACT_COMPLETION_REQUESTED',
  COMPLETION_DECLINED: 'CONTRACT_COMPLETION_DECLINED',
  COMPLETED: 'CONTRACT_COMPLETED',
  CANCELLED: 'CONTRACT_CANCELLED',
  REVIEW_SUBMITTED: 'REVIEW_SUBMITTED',
  REVIEWS_PUBLISHED: 'REVIEWS_PUBLISHED',
  REVIEW_REPLIED: 'REVIEW_REPLIED',
};

/** At most this many characters of a user's text are quoted in a notification's one-line summary. */
const QUOTE_LENGTH = 200;

/** A user's text quoted on one line in a summary (which goes into mails too, as escaped text). */
function quoted(text: unknown): string {
  const line = String(text ?? '').replace(/\s+/g, ' ').trim();
  const head = graphemePrefix(line, QUOTE_LENGTH);
  return `“${head.length < line.length ? `${graphemePrefix(line, QUOTE_LENGTH - 1)}…` : line}”`;
}

const SUMMARIES: Record<ContractEventKind, (version: number | null, data: Record<string, unknown>) => string> = {
  CREATED: () => 'The poster started a contract with you: read it as it is filled in, and sign when it is right',
  DETAILS_SAVED: (version) => `The contract details were saved as version ${version}`,
  SIGNED: (version) => `The other party signed version ${version} of the contract`,
  LOCKED: (version) => `Both parties signed version ${version}: the contract is active`,
  CHANGE_ORDER_SUBMITTED: () => 'A change order was submitted',
  CHANGE_ORDER_ACCEPTED: () => 'Your change order was accepted',
  CHANGE_ORDER_REJECTED: () => 'Your change order was rejected',
  CHANGE_ORDER_WITHDRAWN: () => 'A change order was withdrawn',
  COMPLETION_REQUESTED: () => 'The worker asked you to complete the contract',
  COMPLETION_DECLINED: (_version, data) => `The contract was sent back to work instead of completed, because: ${quoted(data.reason)}`,
  COMPLETED: () => 'The contract is completed: you have 14 days to review the other party',
  CANCELLED: () => 'The other party cancelled the contract',
  // Never sent: a review is submitted quietly, its existence hidden until it is published (double-blind).
  REVIEW_SUBMITTED: () => 'A review was submitted',
  REVIEWS_PUBLISHED: () => 'The other party reviewed you too: both reviews are now public',
  REVIEW_REPLIED: () => 'The other party replied to your review',
};

/** What a transaction produced, published once it has committed. */
export interface Outbox {
  events: ContractUpdatedEvent[];
  notifications: NotificationEntity[];
}

export interface AuditEntry {
  contract: ContractEntity;
  actorId: string;
  kind: ContractEventKind;
  details?: ContractDetailsEntity | null;
  origin?: SignatureOrigin;
  changeOrderId?: string;
  /** The review a review event concerns. */
  reviewId?: string;
  data?: Record<string, unknown>;
  /** In the audit trail and live, but no notification (a step the other party hears of otherwise). */
  quiet?: boolean;
  /** Who is notified and what they are told, instead of the other party and the kind's summary. */
  recipients?: Array<{ userId: string; summary: string }>;
}

/**
 * What every contract write shares: its transaction, the audit trail it appends to, and what goes
 * out after the commit (live events, and a notification to the other side: `usersOf`).
 */
export class ContractJournal {
  constructor(
    private readonly deps: Infrastructure,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Runs `work` in a transaction, then publishes what it produced. A unique violation means a
   * concurrent write won the race: `onUniqueViolation` names the conflict.
   */
  async write<T>(work: (manager: EntityManager, outbox: Outbox) => Promise<T>, onUniqueViolation?: () => Error): Promise<T> {
    const outbox: Outbox = { events: [], notifications: [] };
    let result: T;
    try {
      result = await this.deps.ds.transaction((manager) => work(manager, outbox));
    } catch (error) {
      if (onUniqueViolation && (error as { code?: string }).code === UNIQUE_VIOLATION) throw onUniqueViolation();
      throw error;
    }
    await this.publish(outbox);
    return result;
  }

  private async publish(outbox: Outbox): Promise<void> {
    try {
      for (const event of outbox.events) await this.deps.pubsub.publish(contractUpdatedTopic(event.contractId), event);
      await this.notifications.publish(outbox.notifications);
    } catch (err) {
      // The write has committed; a lost live event is recovered by the stored notification and a reload.
      this.deps.logger.error({ err }, 'publishing contract events failed');
    }
  }

  /**
   * Stores a notification that is no audit entry's (e.g. the other party told of a review still
   * hidden), published with the rest after the commit.
   */
  async notify(manager: EntityManager, outbox: Outbox, notification: NewNotification): Promise<void> {
    outbox.notifications.push(await this.notifications.add(manager, notification));
  }

  /**
   * Who hears for `side` of the contract: the worker, or whoever acts for the employer now (its
   * poster while a member, else its owners: `employerSideActor`, the contract's policy).
   */
  async usersOf(manager: EntityManager, contract: ContractEntity, side: Party): Promise<string[]> {
    return side === 'WORKER' ? [contract.workerUserId] : employerSideUserIds(manager, contract);
  }

  /** Appends to the audit trail, queues the live event and notifies the other party. */
  async record(manager: EntityManager, outbox: Outbox, entry: AuditEntry): Promise<void> {
    const { contract, actorId, kind, details, origin, changeOrderId, reviewId } = entry;
    const version = details?.version ?? null;
    const inserted = await manager.insert(ContractEventEntity, {
      contractId: contract.id,
      actorId,
      kind,
      version,
      contentHash: details?.contentHash ?? null,
      ipAddress: origin?.ip ?? null,
      userAgent: origin?.userAgent ?? null,
      data: { ...(changeOrderId ? { changeOrderId } : {}), ...(reviewId ? { reviewId } : {}), ...entry.data },
    });
    const seq = String((inserted.identifiers[0] as { seq: string | number }).seq);
    outbox.events.push({ contractId: contract.id, kind, seq, ...(changeOrderId ? { changeOrderId } : {}), ...(reviewId ? { reviewId } : {}) });
    if (entry.quiet) return;

    const recipients = entry.recipients ?? (await this.usersOf(manager, contract, otherSide(contract, actorId))).map((userId) => ({ userId, summary: SUMMARIES[kind](version, entry.data ?? {}) }));
    for (const recipient of recipients) {
      const notification = await this.notifications.add(manager, {
        userId: recipient.userId,
        kind: NOTIFICATION_KINDS[kind],
        payload: {
          contractId: contract.id,
          ...(version !== null ? { version } : {}),
          ...(changeOrderId ? { changeOrderId } : {}),
          summary: recipient.summary,
        },
        // Many saves while the other party is away collapse into one unread notice.
        ...(kind === 'DETAILS_SAVED' ? { groupKey: `contract-details:${contract.id}` } : {}),
      });
      outbox.notifications.push(notification);
    }
  }
}
