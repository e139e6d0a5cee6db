import type { EntityManager } from 'typeorm';
import { badInput, notFound, type FieldErrors } from '../../errors';
import type { Infrastructure } from '../../infrastructure';
import { graphemeLengthWithin } from '../../text';
import { memberRole } from '../employers/employers.policy';
import type { ListingsService } from '../listings/listings.service';
import { isParticipant } from '../messaging/messaging.policy';
import type { MessagingService } from '../messaging/messaging.service';
import { ChangeOrderEntity, type ChangeOrderStatus } from './change-order.entity';
import {
  CONTRACT_SECTIONS,
  contentHash,
  MAX_SECTION_LENGTH,
  missingSections,
  normalizeContent,
  type ContractContent,
} from './contract-content';
import { ACCEPTED_TOTALS_SQL } from './change-order-totals';
import type { ContractJournal, SignatureOrigin } from './contract-journal';
import { ContractDetailsEntity } from './contract-details.entity';
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
import type { ContractEventKind } from './contracts.events';
import { requireParty, visibleContractSql, type Party } from './contracts.policy';

export type ChangeOrderDecision = Extract<ChangeOrderStatus, 'ACCEPTED' | 'REJECTED' | 'WITHDRAWN'>;

const DECISION_EVENTS: Record<ChangeOrderDecision, ContractEventKind> = {
  ACCEPTED: 'CHANGE_ORDER_ACCEPTED',
  REJECTED: 'CHANGE_ORDER_REJECTED',
  WITHDRAWN: 'CHANGE_ORDER_WITHDRAWN',
};

const MAX_REASON_LENGTH = 2_000;
const INT32_MAX = 2_147_483_647;

/** A change to an active contract, as its worker proposes it. */
export interface NewChangeOrder {
  description: string;
  /** Cents: positive raises the price, negative lowers it. */
  priceChangeCents?: number | null;
  /** Days: positive extends the schedule, negative shortens it. */
  scheduleChangeDays?: number | null;
}

/**
 * The contract rules. Every write locks the contract row first (`SELECT … FOR UPDATE`), so
 * saves, signatures and change-order decisions on one contract run one after another and each
 * sees the others' committed result; live events and notifications go out after the commit.
 */
export class ContractsService {
  constructor(
    private readonly deps: Infrastructure,
    private readonly journal: ContractJournal,
    private readonly messaging: MessagingService,
    private readonly listings: ListingsService,
  ) {}

  async create(actorId: string, conversationId: string): Promise<ContractEntity> {
    return this.journal.write(
      async (manager, outbox) => {
        const conversation = await this.messaging.findConversation(manager, conversationId);
        if (!conversation || !isParticipant(conversation, actorId)) throw notFound('Conversation');
        if (conversation.posterUserId !== actorId) throw posterOnly('create the contract');
        if (conversation.freelancerUserId === actorId) throw selfContract();
        const listing = await this.listings.findListing(manager, conversation.listingId);
        if (!listing) throw notFound('Listing');
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
        await this.journal.record(manager, outbox, { contract, actorId, kind: 'CREATED' });
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
      if (!graphemeLengthWithin(content[section], 0, MAX_SECTION_LENGTH)) tooLong[section] = `must be at most ${MAX_SECTION_LENGTH.toLocaleString('en-US')} characters`;
    }
    if (Object.keys(tooLong).length > 0) throw badInput(tooLong);

    return this.journal.write(
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
        await this.journal.record(manager, outbox, { contract, actorId, kind: 'DETAILS_SAVED', details, data: { previousVersion: current?.version ?? null } });
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
    return this.journal.write(async (manager, outbox) => {
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
      await this.journal.record(manager, outbox, { contract, actorId, kind: 'SIGNED', details: current, origin, data: { role } });
      if (other === version) {
        await manager.update(ContractDetailsEntity, { id: current.id }, { locked: true, lockedAt: now });
        await manager.update(ContractEntity, { id: contractId }, { status: 'ACTIVE' });
        await this.journal.record(manager, outbox, { contract, actorId, kind: 'LOCKED', details: current });
      }
      return manager.findOneByOrFail(ContractEntity, { id: contractId });
    });
  }

  async submitChangeOrder(actorId: string, contractId: string, input: NewChangeOrder): Promise<ChangeOrderEntity> {
    const description = input.description.trim();
    if (description === '') throw badInput({ description: 'must not be blank' });
    return this.journal.write(async (manager, outbox) => {
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
      await this.journal.record(manager, outbox, {
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
      if (!graphemeLengthWithin(trimmedReason, 0, MAX_REASON_LENGTH)) throw badInput({ reason: `must be at most ${MAX_REASON_LENGTH.toLocaleString('en-US')} characters` });
    }
    return this.journal.write(async (manager, outbox) => {
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
      await this.journal.record(manager, outbox, {
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
    const query = this.deps.ds.getRepository(ContractEntity).createQueryBuilder('contract').where(visibleContractSql('contract', ':userId'), { userId });
    if (status) query.andWhere('contract.status = :status', { status });
    return query.orderBy('contract.createdAt', 'DESC').addOrderBy('contract.id', 'DESC').getMany();
  }

  /** The latest version of a contract's details, or null before the first save. */
  currentDetails(manager: EntityManager, contractId: string): Promise<ContractDetailsEntity | null> {
    return manager.findOne(ContractDetailsEntity, { where: { contractId }, order: { version: 'DESC' } });
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

  private async isMember(manager: EntityManager, employerId: string, userId: string): Promise<boolean> {
    return (await memberRole(manager, employerId, userId)) !== null;
  }

  /** The actor's party, if it is one of `allowed` (the contract's policy: `requireParty`). */
  private authorize(
    manager: EntityManager,
    contract: ContractEntity,
    actorId: string,
    allowed: Party[],
    refusal: () => Error,
    hidden?: () => Error,
  ): Promise<Party> {
    return requireParty(contract, actorId, () => this.isMember(manager, contract.employerId, actorId), allowed, refusal, hidden);
  }

  private async assertTotalsStayInRange(manager: EntityManager, changeOrder: ChangeOrderEntity): Promise<void> {
    const [totals] = (await manager.query(ACCEPTED_TOTALS_SQL, [changeOrder.contractId])) as Array<{ price: string; days: string }>;
    const price = Number(totals.price) + (changeOrder.priceChangeCents ?? 0);
    const days = Number(totals.days) + (changeOrder.scheduleChangeDays ?? 0);
    if (Math.abs(price) > INT32_MAX || Math.abs(days) > INT32_MAX) throw totalsOutOfRange();
  }
}
