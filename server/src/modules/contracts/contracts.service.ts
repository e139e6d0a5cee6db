import { Brackets, type EntityManager } from 'typeorm';
import { badInput, notFound, type FieldErrors } from '../../errors';
import { toGlobalId } from '../../graphql/global-id';
import type { AppDeps } from '../../services';
import { graphemeLength } from '../../text';
import { EmployerMemberEntity } from '../employers/employer-member.entity';
import { ListingEntity } from '../listings/listing.entity';
import { ConversationEntity } from '../messaging/conversation.entity';
import type { NotificationEntity } from '../notifications/notification.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { ChangeOrderEntity, type ChangeOrderStatus } from './change-order.entity';
import {
  CONTRACT_SECTIONS,
  contentHash,
  MAX_SECTION_LENGTH,
  missingSections,
  normalizeContent,
  type ContractContent,
} from './contract-content';
import { ContractDetailsEntity } from './contract-details.entity';
import { ContractEventEntity } from './contract-event.entity';
import { ContractEntity, type ContractStatus } from './contract.entity';
import {
  authorOnly,
  changeOrderDecided,
  changeOrderNotFound,
  contractExists,
  contractLocked,
  contractNotActive,
  contractNotFound,
  incompleteVersion,
  notAMemberAnymore,
  notCurrentVersion,
  ownChangeOrder,
  partiesOnly,
  posterOnly,
  selfContract,
  staleVersion,
  totalsOutOfRange,
  workerOnly,
} from './contracts.errors';
import { contractUpdatedTopic, type ContractEventKind, type ContractUpdatedEvent } from './contracts.events';
import type { ChangeOrderInput } from './contracts.inputs';

/** How the viewer relates to a contract: the two parties act, employer members only read. */
export type ContractRole = 'EMPLOYER' | 'WORKER' | 'READER';
type Party = Exclude<ContractRole, 'READER'>;

/** Where a signature came from, for the audit trail. */
export interface SignatureOrigin {
  ip: string | null;
  userAgent: string | null;
}

export type ChangeOrderDecision = Extract<ChangeOrderStatus, 'ACCEPTED' | 'REJECTED' | 'WITHDRAWN'>;

const NOTIFICATION_KINDS: Record<ContractEventKind, string> = {
  CREATED: 'CONTRACT_CREATED',
  DETAILS_SAVED: 'CONTRACT_DETAILS_SAVED',
  SIGNED: 'CONTRACT_SIGNED',
  LOCKED: 'CONTRACT_ACTIVE',
  CHANGE_ORDER_SUBMITTED: 'CHANGE_ORDER_SUBMITTED',
  CHANGE_ORDER_ACCEPTED: 'CHANGE_ORDER_ACCEPTED',
  CHANGE_ORDER_REJECTED: 'CHANGE_ORDER_REJECTED',
  CHANGE_ORDER_WITHDRAWN: 'CHANGE_ORDER_WITHDRAWN',
};

const SUMMARIES: Record<ContractEventKind, (version: number | null) => string> = {
  CREATED: () => 'A contract was started for your gig',
  DETAILS_SAVED: (version) => `The contract details were saved as version ${version}`,
  SIGNED: (version) => `The other party signed version ${version} of the contract`,
  LOCKED: (version) => `Both parties signed version ${version}: the contract is active`,
  CHANGE_ORDER_SUBMITTED: () => 'A change order was submitted',
  CHANGE_ORDER_ACCEPTED: () => 'Your change order was accepted',
  CHANGE_ORDER_REJECTED: () => 'Your change order was rejected',
  CHANGE_ORDER_WITHDRAWN: () => 'A change order was withdrawn',
};

const DECISION_EVENTS: Record<ChangeOrderDecision, ContractEventKind> = {
  ACCEPTED: 'CHANGE_ORDER_ACCEPTED',
  REJECTED: 'CHANGE_ORDER_REJECTED',
  WITHDRAWN: 'CHANGE_ORDER_WITHDRAWN',
};

const MAX_REASON_LENGTH = 2_000;
const INT32_MAX = 2_147_483_647;
const UNIQUE_VIOLATION = '23505';

/** What a transaction produced, published once it has committed. */
interface Outbox {
  events: ContractUpdatedEvent[];
  notifications: NotificationEntity[];
}

interface AuditEntry {
  contract: ContractEntity;
  actorId: string;
  kind: ContractEventKind;
  details?: ContractDetailsEntity | null;
  origin?: SignatureOrigin;
  changeOrderId?: string;
  data?: Record<string, unknown>;
}

/**
 * The contract rules. Every write locks the contract row first (`SELECT … FOR UPDATE`), so
 * saves, signatures and change-order decisions on one contract run one after another and each
 * sees the others' committed result; live events and notifications go out after the commit.
 */
export class ContractsService {
  constructor(private readonly deps: AppDeps) {}

  async create(actorId: string, conversationId: string): Promise<ContractEntity> {
    return this.write(
      async (manager, outbox) => {
        const conversation = await manager.findOneBy(ConversationEntity, { id: conversationId });
        if (!conversation || (conversation.posterUserId !== actorId && conversation.freelancerUserId !== actorId)) {
          throw notFound('Conversation');
        }
        if (conversation.posterUserId !== actorId) throw posterOnly('create the contract');
        if (conversation.freelancerUserId === actorId) throw selfContract();
        const listing = await manager.findOneByOrFail(ListingEntity, { id: conversation.listingId });
        if (!(await this.isMember(manager, listing.employerId, actorId))) throw notAMemberAnymore();
        if (await manager.existsBy(ContractEntity, { conversationId })) throw contractExists();

        const contract = await manager.save(
          manager.create(ContractEntity, {
            listingId: listing.id,
            conversationId,
            employerId: listing.employerId,
            employerUserId: actorId,
            workerUserId: conversation.freelancerUserId,
            status: 'DRAFT',
            employerSignedAt: null,
            employerSignedVersion: null,
            workerSignedAt: null,
            workerSignedVersion: null,
          }),
        );
        await this.record(manager, outbox, { contract, actorId, kind: 'CREATED' });
        return contract;
      },
      // Two creates at the same moment: the unique index on conversation_id decides.
      contractExists,
    );
  }

  /** Saves the six sections as version `expectedVersion + 1`; clears both signatures. */
  async saveDetails(actorId: string, contractId: string, expectedVersion: number, input: ContractContent): Promise<ContractEntity> {
    if (!Number.isInteger(expectedVersion) || expectedVersion < 0) throw badInput({ expectedVersion: 'must be 0 or a version number' });
    const content = normalizeContent(input);
    const tooLong: FieldErrors = {};
    for (const section of CONTRACT_SECTIONS) {
      if (graphemeLength(content[section]) > MAX_SECTION_LENGTH) tooLong[section] = 'must be at most 20,000 characters';
    }
    if (Object.keys(tooLong).length > 0) throw badInput(tooLong);

    return this.write(
      async (manager, outbox) => {
        const contract = await this.lock(manager, contractId);
        await this.authorize(manager, contract, actorId, ['EMPLOYER'], () => posterOnly('edit the contract details'));
        if (contract.status !== 'DRAFT') throw contractLocked();
        const current = await this.currentDetails(manager, contractId);
        const currentVersion = current?.version ?? 0;
        if (expectedVersion !== currentVersion) throw staleVersion(expectedVersion, currentVersion);

        const details = await manager.save(
          manager.create(ContractDetailsEntity, {
            contractId,
            version: currentVersion + 1,
            createdById: actorId,
            ...content,
            contentHash: contentHash(content),
            locked: false,
            lockedAt: null,
          }),
        );
        await manager.update(
          ContractEntity,
          { id: contractId },
          { employerSignedAt: null, employerSignedVersion: null, workerSignedAt: null, workerSignedVersion: null },
        );
        await this.record(manager, outbox, { contract, actorId, kind: 'DETAILS_SAVED', details, data: { previousVersion: current?.version ?? null } });
        return manager.findOneByOrFail(ContractEntity, { id: contractId });
      },
      () => staleVersion(expectedVersion, expectedVersion + 1),
    );
  }

  /**
   * Binds the signer's signature to `version`, which must be the current, complete version.
   * The second signature on the same version locks it and activates the contract. Signing a
   * version one has already signed changes nothing.
   */
  async sign(actorId: string, contractId: string, version: number, origin: SignatureOrigin): Promise<ContractEntity> {
    return this.write(async (manager, outbox) => {
      const contract = await this.lock(manager, contractId);
      const role = await this.authorize(manager, contract, actorId, ['EMPLOYER', 'WORKER'], partiesOnly);
      const own = role === 'EMPLOYER' ? contract.employerSignedVersion : contract.workerSignedVersion;
      const other = role === 'EMPLOYER' ? contract.workerSignedVersion : contract.employerSignedVersion;
      if (own === version) return contract;
      if (contract.status !== 'DRAFT') throw contractLocked();
      const current = await this.currentDetails(manager, contractId);
      if (!current || current.version !== version) throw notCurrentVersion(version, current?.version ?? null);
      const missing = missingSections(current);
      if (missing.length > 0) throw incompleteVersion(version, missing);

      const now = new Date();
      await manager.update(
        ContractEntity,
        { id: contractId },
        role === 'EMPLOYER' ? { employerSignedAt: now, employerSignedVersion: version } : { workerSignedAt: now, workerSignedVersion: version },
      );
      await this.record(manager, outbox, { contract, actorId, kind: 'SIGNED', details: current, origin, data: { role } });
      if (other === version) {
        await manager.update(ContractDetailsEntity, { id: current.id }, { locked: true, lockedAt: now });
        await manager.update(ContractEntity, { id: contractId }, { status: 'ACTIVE' });
        await this.record(manager, outbox, { contract, actorId, kind: 'LOCKED', details: current });
      }
      return manager.findOneByOrFail(ContractEntity, { id: contractId });
    });
  }

  async submitChangeOrder(actorId: string, contractId: string, input: ChangeOrderInput): Promise<ChangeOrderEntity> {
    const description = input.description.trim();
    if (description === '') throw badInput({ description: 'must not be blank' });
    return this.write(async (manager, outbox) => {
      const contract = await this.lock(manager, contractId);
      await this.authorize(manager, contract, actorId, ['WORKER'], () => workerOnly('submit change orders'));
      if (contract.status !== 'ACTIVE') throw contractNotActive();
      const changeOrder = await manager.save(
        manager.create(ChangeOrderEntity, {
          contractId,
          changes: description,
          priceChangeCents: input.priceChangeCents ?? null,
          scheduleChangeDays: input.scheduleChangeDays ?? null,
          status: 'PROPOSED',
          createdById: actorId,
          acceptedById: null,
          acceptedAt: null,
          decidedById: null,
          decidedAt: null,
          reason: null,
        }),
      );
      await this.record(manager, outbox, {
        contract,
        actorId,
        kind: 'CHANGE_ORDER_SUBMITTED',
        details: await this.currentDetails(manager, contractId),
        changeOrderId: changeOrder.id,
        data: { priceChangeCents: changeOrder.priceChangeCents, scheduleChangeDays: changeOrder.scheduleChangeDays },
      });
      return changeOrder;
    });
  }

  /**
   * Accept or reject (the poster, never the author) or withdraw (the author). Only a PROPOSED
   * change order moves, by a conditional UPDATE: a decided one never changes again.
   */
  async decideChangeOrder(actorId: string, changeOrderId: string, decision: ChangeOrderDecision, reason?: string): Promise<ChangeOrderEntity> {
    const trimmedReason = reason?.trim() ?? null;
    if (decision === 'REJECTED') {
      if (!trimmedReason) throw badInput({ reason: 'must not be blank' });
      if (graphemeLength(trimmedReason) > MAX_REASON_LENGTH) throw badInput({ reason: 'must be at most 2,000 characters' });
    }
    return this.write(async (manager, outbox) => {
      const found = await manager.findOneBy(ChangeOrderEntity, { id: changeOrderId });
      if (!found) throw changeOrderNotFound();
      const contract = await this.lock(manager, found.contractId);
      const role = await this.authorize(
        manager,
        contract,
        actorId,
        ['EMPLOYER', 'WORKER'],
        () => (decision === 'WITHDRAWN' ? authorOnly() : posterOnly('accept or reject change orders')),
        changeOrderNotFound,
      );
      if (decision === 'WITHDRAWN') {
        if (found.createdById !== actorId) throw authorOnly();
      } else {
        if (found.createdById === actorId) throw ownChangeOrder();
        if (role !== 'EMPLOYER') throw posterOnly('accept or reject change orders');
      }
      if (contract.status !== 'ACTIVE') throw contractNotActive();
      if (decision === 'ACCEPTED') await this.assertTotalsStayInRange(manager, found);

      const now = new Date();
      const result = await manager
        .createQueryBuilder()
        .update(ChangeOrderEntity)
        .set({
          status: decision,
          decidedById: actorId,
          decidedAt: now,
          ...(decision === 'ACCEPTED' ? { acceptedById: actorId, acceptedAt: now } : {}),
          ...(decision === 'REJECTED' ? { reason: trimmedReason } : {}),
        })
        .where('id = :id AND status = :proposed', { id: changeOrderId, proposed: 'PROPOSED' })
        .execute();
      if (result.affected !== 1) {
        const { status } = await manager.findOneByOrFail(ChangeOrderEntity, { id: changeOrderId });
        throw changeOrderDecided(status);
      }
      await this.record(manager, outbox, {
        contract,
        actorId,
        kind: DECISION_EVENTS[decision],
        details: await this.currentDetails(manager, contract.id),
        changeOrderId,
        data: decision === 'REJECTED' ? { reason: trimmedReason } : {},
      });
      return manager.findOneByOrFail(ChangeOrderEntity, { id: changeOrderId });
    });
  }

  /** Contracts the user is a party to, or may read as a member of the employer; newest first. */
  visibleTo(userId: string, status?: ContractStatus | null): Promise<ContractEntity[]> {
    const query = this.deps.ds
      .getRepository(ContractEntity)
      .createQueryBuilder('contract')
      .where(
        new Brackets((where) =>
          where
            .where('contract.employerUserId = :userId')
            .orWhere('contract.workerUserId = :userId')
            .orWhere('contract.employerId IN (SELECT member.employer_id FROM employer_members member WHERE member.user_id = :userId)'),
        ),
        { userId },
      );
    if (status) query.andWhere('contract.status = :status', { status });
    return query.orderBy('contract.createdAt', 'DESC').addOrderBy('contract.id', 'DESC').getMany();
  }

  /**
   * Whether the session may still receive the contract's live events: still signed in, and a
   * party or a member of the employer. One statement, run for every event.
   */
  async mayWatch(userId: string, sessionId: string, contractId: string): Promise<boolean> {
    const rows = (await this.deps.ds.query(
      `SELECT 1 FROM contracts c, sessions s
        WHERE c.id = $1 AND s.id = $3 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now()
          AND ($2 IN (c.employer_user_id, c.worker_user_id)
               OR EXISTS (SELECT 1 FROM employer_members m WHERE m.employer_id = c.employer_id AND m.user_id = $2))`,
      [contractId, userId, sessionId],
    )) as unknown[];
    return rows.length > 0;
  }

  /** The latest version of a contract's details, or null before the first save. */
  currentDetails(manager: EntityManager, contractId: string): Promise<ContractDetailsEntity | null> {
    return manager.findOne(ContractDetailsEntity, { where: { contractId }, order: { version: 'DESC' } });
  }

  /**
   * Runs `work` in a transaction, then publishes what it produced. A unique violation means a
   * concurrent write won the race: `onUniqueViolation` names the conflict.
   */
  private async write<T>(work: (manager: EntityManager, outbox: Outbox) => Promise<T>, onUniqueViolation?: () => Error): Promise<T> {
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
      await this.deps.services.get(NotificationsService).publish(outbox.notifications);
    } catch (err) {
      // The write has committed; a lost live event is recovered by the stored notification and a reload.
      this.deps.logger.error({ err }, 'publishing contract events failed');
    }
  }

  private async lock(manager: EntityManager, contractId: string): Promise<ContractEntity> {
    const contract = await manager
      .getRepository(ContractEntity)
      .createQueryBuilder('contract')
      .setLock('pessimistic_write')
      .where('contract.id = :contractId', { contractId })
      .getOne();
    if (!contract) throw contractNotFound();
    return contract;
  }

  private isMember(manager: EntityManager, employerId: string, userId: string): Promise<boolean> {
    return manager.existsBy(EmployerMemberEntity, { employerId, userId });
  }

  /**
   * The actor's party in the contract, if it is one of `allowed`. Strangers get `hidden`
   * (NOT_FOUND: the contract is not revealed); others who may read get `refusal`. The poster
   * acts for the employer only while still a member of it.
   */
  private async authorize(
    manager: EntityManager,
    contract: ContractEntity,
    actorId: string,
    allowed: Party[],
    refusal: () => Error,
    hidden: () => Error = contractNotFound,
  ): Promise<Party> {
    const party: Party | null = contract.employerUserId === actorId ? 'EMPLOYER' : contract.workerUserId === actorId ? 'WORKER' : null;
    const member = party === 'WORKER' ? false : await this.isMember(manager, contract.employerId, actorId);
    if (!party && !member) throw hidden();
    if (!party || !allowed.includes(party)) throw refusal();
    if (party === 'EMPLOYER' && !member) throw notAMemberAnymore();
    return party;
  }

  private async assertTotalsStayInRange(manager: EntityManager, changeOrder: ChangeOrderEntity): Promise<void> {
    const [totals] = (await manager.query(
      `SELECT coalesce(sum(price_change_cents), 0)::bigint AS price, coalesce(sum(schedule_change_days), 0)::bigint AS days
         FROM change_orders WHERE contract_id = $1 AND status = 'ACCEPTED'`,
      [changeOrder.contractId],
    )) as Array<{ price: string; days: string }>;
    const price = Number(totals.price) + (changeOrder.priceChangeCents ?? 0);
    const days = Number(totals.days) + (changeOrder.scheduleChangeDays ?? 0);
    if (Math.abs(price) > INT32_MAX || Math.abs(days) > INT32_MAX) throw totalsOutOfRange();
  }

  /** Appends to the audit trail, queues the live event and notifies the other party. */
  private async record(manager: EntityManager, outbox: Outbox, entry: AuditEntry): Promise<void> {
    const { contract, actorId, kind, details, origin, changeOrderId } = entry;
    const version = details?.version ?? null;
    await manager.insert(ContractEventEntity, {
      contractId: contract.id,
      actorId,
      kind,
      version,
      contentHash: details?.contentHash ?? null,
      ipAddress: origin?.ip ?? null,
      userAgent: origin?.userAgent ?? null,
      data: { ...(changeOrderId ? { changeOrderId } : {}), ...entry.data },
    });
    outbox.events.push({ contractId: contract.id, kind, ...(changeOrderId ? { changeOrderId } : {}) });

    const recipient = actorId === contract.employerUserId ? contract.workerUserId : contract.employerUserId;
    const notification = await this.deps.services.get(NotificationsService).add(manager, {
      userId: recipient,
      kind: NOTIFICATION_KINDS[kind],
      payload: {
        contractId: toGlobalId('Contract', contract.id),
        ...(version !== null ? { version } : {}),
        ...(changeOrderId ? { changeOrderId: toGlobalId('ChangeOrder', changeOrderId) } : {}),
        summary: SUMMARIES[kind](version),
      },
      // Many saves while the other party is away collapse into one unread notice.
      ...(kind === 'DETAILS_SAVED' ? { groupKey: `contract-details:${contract.id}` } : {}),
    });
    outbox.notifications.push(notification);
  }
}
