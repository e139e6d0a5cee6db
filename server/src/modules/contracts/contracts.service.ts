import { Not, type EntityManager } from 'typeorm';
import type { Clock } from '../../clock';
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
import type { ContractJournal, Outbox, SignatureOrigin } from './contract-journal';
import { ContractDetailsEntity } from './contract-details.entity';
import { ContractEntity, ENDED_STATUSES, type ContractStatus } from './contract.entity';
import {
  authorOnly,
  changeOrderDecided,
  changeOrderNotFound,
  completionAlreadyRequested,
  contractEnded,
  contractExists,
  contractLocked,
  contractNotActive,
  contractNotFound,
  employerSideOnly,
  incompleteVersion,
  noCompletionRequest,
  notActiveForCompletion,
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
import { requireParty, rolesIn, visibleContractSql, type Party } from './contracts.policy';
import { requireVerifiedEmail } from '../accounts/email-verification';

export type ChangeOrderDecision = Extract<ChangeOrderStatus, 'ACCEPTED' | 'REJECTED' | 'WITHDRAWN'>;

const DECISION_EVENTS: Record<ChangeOrderDecision, ContractEventKind> = {
  ACCEPTED: 'CHANGE_ORDER_ACCEPTED',
  REJECTED: 'CHANGE_ORDER_REJECTED',
  WITHDRAWN: 'CHANGE_ORDER_WITHDRAWN',
};

/** Reasons (a rejection, a cancellation, a declined completion) and completion notes. */
export const MAX_REASON_LENGTH = 2_000;
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
    private readonly clock: Clock,
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
        if (await manager.existsBy(ContractEntity, { conversationId, status: Not('CANCELLED') })) throw contractExists();

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
      // Two creates at the same moment: the partial unique index on conversation_id (not cancelled) decides.
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
        await this.authorize(manager, contract, actorId, ['EMPLOYER'], () => posterOnly('edit the contract details'), undefined, { posterOnly: true });
        assertNotEnded(contract);
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
      const role = await this.authorize(manager, contract, actorId, ['EMPLOYER', 'WORKER'], partiesOnly, undefined, { posterOnly: true });
      await requireVerifiedEmail(manager, actorId, 'sign a contract');
      const own = role === 'EMPLOYER' ? contract.employerSignedVersion : contract.workerSignedVersion;
      const other = role === 'EMPLOYER' ? contract.workerSignedVersion : contract.employerSignedVersion;
      if (own === version) return contract;
      assertNotEnded(contract);
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
      assertNotEnded(contract);
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
        () => (decision === 'WITHDRAWN' ? authorOnly() : employerSideOnly('accept or reject change orders')),
        changeOrderNotFound,
      );
      if (decision === 'WITHDRAWN') {
        if (found.createdById !== actorId) throw authorOnly();
      } else {
        if (found.createdById === actorId) throw ownChangeOrder();
        if (role !== 'EMPLOYER') throw employerSideOnly('accept or reject change orders');
      }
      assertNotEnded(contract);
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

  /**
   * The worker says the work is done (`note`: what was delivered) and asks the poster to complete
   * the ACTIVE contract. One request at a time; the poster completes or declines it.
   */
  async requestCompletion(actorId: string, contractId: string, note: string): Promise<ContractEntity> {
    const text = checkedReason('note', note);
    return this.journal.write(async (manager, outbox) => {
      const contract = await this.lock(manager, contractId);
      await this.authorize(manager, contract, actorId, ['WORKER'], () => workerOnly('ask for completion'));
      assertNotEnded(contract);
      if (contract.status !== 'ACTIVE') throw notActiveForCompletion();
      if (contract.completionRequestedAt) throw completionAlreadyRequested();
      await manager.update(ContractEntity, { id: contractId }, { completionRequestedAt: this.clock.now(), completionNote: text });
      await this.journal.record(manager, outbox, { contract, actorId, kind: 'COMPLETION_REQUESTED', details: await this.currentDetails(manager, contractId), data: { note: text } });
      return manager.findOneByOrFail(ContractEntity, { id: contractId });
    });
  }

  /** The poster sends an open completion request back: work goes on; `reason` says why. */
  async declineCompletion(actorId: string, contractId: string, reason: string): Promise<ContractEntity> {
    const text = checkedReason('reason', reason);
    return this.journal.write(async (manager, outbox) => {
      const contract = await this.lock(manager, contractId);
      await this.authorize(manager, contract, actorId, ['EMPLOYER'], () => employerSideOnly('decline a completion request'));
      assertNotEnded(contract);
      if (!contract.completionRequestedAt) throw noCompletionRequest();
      await manager.update(ContractEntity, { id: contractId }, { completionRequestedAt: null, completionNote: null });
      await this.journal.record(manager, outbox, { contract, actorId, kind: 'COMPLETION_DECLINED', details: await this.currentDetails(manager, contractId), data: { reason: text } });
      return manager.findOneByOrFail(ContractEntity, { id: contractId });
    });
  }

  /**
   * The poster completes the ACTIVE contract, asked or not: COMPLETED for good. Change orders
   * still PROPOSED are withdrawn first (the contract they would change is over).
   */
  async complete(actorId: string, contractId: string): Promise<ContractEntity> {
    return this.journal.write(async (manager, outbox) => {
      const contract = await this.lock(manager, contractId);
      await this.authorize(manager, contract, actorId, ['EMPLOYER'], () => employerSideOnly('complete the contract'));
      assertNotEnded(contract);
      if (contract.status !== 'ACTIVE') throw notActiveForCompletion();
      const now = this.clock.now();
      const details = await this.currentDetails(manager, contractId);
      await this.withdrawProposedChangeOrders(manager, outbox, contract, actorId, now, details);
      await manager.update(ContractEntity, { id: contractId }, { status: 'COMPLETED', completedAt: now, completionRequestedAt: null, completionNote: null });
      await this.journal.record(manager, outbox, { contract, actorId, kind: 'COMPLETED', details });
      return manager.findOneByOrFail(ContractEntity, { id: contractId });
    });
  }

  /**
   * Either party ends a DRAFT or ACTIVE contract without completion, saying why: CANCELLED for
   * good. Change orders still PROPOSED are withdrawn, as on completion.
   */
  async cancel(actorId: string, contractId: string, reason: string): Promise<ContractEntity> {
    const text = checkedReason('reason', reason);
    return this.journal.write(async (manager, outbox) => {
      const contract = await this.lock(manager, contractId);
      await this.authorize(manager, contract, actorId, ['EMPLOYER', 'WORKER'], () => partiesOnly('cancel'));
      assertNotEnded(contract);
      const now = this.clock.now();
      const details = await this.currentDetails(manager, contractId);
      await this.withdrawProposedChangeOrders(manager, outbox, contract, actorId, now, details);
      await manager.update(
        ContractEntity,
        { id: contractId },
        { status: 'CANCELLED', cancelledAt: now, cancelledById: actorId, cancellationReason: text, completionRequestedAt: null, completionNote: null },
      );
      await this.journal.record(manager, outbox, { contract, actorId, kind: 'CANCELLED', details, data: { reason: text } });
      return manager.findOneByOrFail(ContractEntity, { id: contractId });
    });
  }

  /** Contracts the user is a party to, or may read as a member of the employer; newest first. */
  visibleTo(userId: string, status?: ContractStatus | null): Promise<ContractEntity[]> {
    const query = this.deps.ds.getRepository(ContractEntity).createQueryBuilder('contract').where(visibleContractSql('contract', ':userId'), { userId });
    if (status) query.andWhere('contract.status = :status', { status });
    return query.orderBy('contract.createdAt', 'DESC').addOrderBy('contract.id', 'DESC').getMany();
  }

  /** The contract, read through `manager`; `lock` holds its row until the transaction ends, as every contract write does. */
  findContract(manager: EntityManager, contractId: string, options: { lock?: boolean } = {}): Promise<ContractEntity | null> {
    const query = manager.getRepository(ContractEntity).createQueryBuilder('contract').where('contract.id = :contractId', { contractId });
    if (options.lock) query.setLock('pessimistic_write');
    return query.getOne();
  }

  /** The latest version of a contract's details, or null before the first save. */
  currentDetails(manager: EntityManager, contractId: string): Promise<ContractDetailsEntity | null> {
    return manager.findOne(ContractDetailsEntity, { where: { contractId }, order: { version: 'DESC' } });
  }

  private async lock(manager: EntityManager, contractId: string): Promise<ContractEntity> {
    const contract = await this.findContract(manager, contractId, { lock: true });
    if (!contract) throw contractNotFound();
    return contract;
  }

  private async withdrawProposedChangeOrders(
    manager: EntityManager,
    outbox: Outbox,
    contract: ContractEntity,
    actorId: string,
    now: Date,
    details: ContractDetailsEntity | null,
  ): Promise<void> {
    const [rows] = (await manager.query(
      `UPDATE change_orders SET status = 'WITHDRAWN', decided_by_id = $2, decided_at = $3
       WHERE contract_id = $1 AND status = 'PROPOSED' RETURNING id`,
      [contract.id, actorId, now],
    )) as [Array<{ id: string }>, number];
    // The contract's own end is what the other party is told of; each withdrawal is in the trail.
    for (const { id } of rows) {
      await this.journal.record(manager, outbox, { contract, actorId, kind: 'CHANGE_ORDER_WITHDRAWN', details, changeOrderId: id, quiet: true });
    }
  }

  private async isMember(manager: EntityManager, employerId: string, userId: string): Promise<boolean> {
    return (await memberRole(manager, employerId, userId)) !== null;
  }

  /**
   * The side the actor acts for, if it is one of `allowed` (the contract's policy: `requireParty`;
   * the employer's owners stand in for a poster who left, but for `posterOnly` actions).
   */
  private authorize(
    manager: EntityManager,
    contract: ContractEntity,
    actorId: string,
    allowed: Party[],
    refusal: () => Error,
    hidden?: () => Error,
    options: { posterOnly?: boolean } = {},
  ): Promise<Party> {
    return requireParty(contract, actorId, rolesIn(manager, contract.employerId), allowed, refusal, hidden, { standIn: !options.posterOnly });
  }

  private async assertTotalsStayInRange(manager: EntityManager, changeOrder: ChangeOrderEntity): Promise<void> {
    const [totals] = (await manager.query(ACCEPTED_TOTALS_SQL, [changeOrder.contractId])) as Array<{ price: string; days: string }>;
    const price = Number(totals.price) + (changeOrder.priceChangeCents ?? 0);
    const days = Number(totals.days) + (changeOrder.scheduleChangeDays ?? 0);
    if (Math.abs(price) > INT32_MAX || Math.abs(days) > INT32_MAX) throw totalsOutOfRange();
  }
}

/** A COMPLETED or CANCELLED contract never changes again (a trigger says so too). */
function assertNotEnded(contract: ContractEntity): void {
  if (ENDED_STATUSES.includes(contract.status)) throw contractEnded(contract.status);
}

/** A required reason or note: trimmed, 1 to 2,000 user-perceived characters. */
function checkedReason(field: string, value: string): string {
  const text = value.trim();
  if (!text) throw badInput({ [field]: 'must not be blank' });
  if (!graphemeLengthWithin(text, 0, MAX_REASON_LENGTH)) throw badInput({ [field]: `must be at most ${MAX_REASON_LENGTH.toLocaleString('en-US')} characters` });
  return text;
}
