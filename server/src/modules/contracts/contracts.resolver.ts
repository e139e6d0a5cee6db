import { Arg, Ctx, Extensions, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { requireViewer, type Context } from '../../graphql/context';
import { badInput } from '../../errors';
import { parseUuidId } from '../../graphql/global-id';
import { MultilineArgs } from '../../graphql/text';
import { registerNodeType } from '../../graphql/node';
import { loadOrThrow } from '../../graphql/relations';
import { authorizedEvents, expandEvents, LiveSubscription } from '../../graphql/subscriptions';
import { contractCatchUpOf, latestContractEvent } from './contract-catch-up';
import { loadUser, UserType } from '../accounts/user.type';
import { employerByIdLoader } from '../employers/employers.loaders';
import { viewerEmployerRole } from '../employers/employers.policy';
import { EmployerType, toEmployerType } from '../employers/employer.type';
import { listingByIdLoader } from '../listings/listings.loaders';
import { ConversationType, toConversationType } from '../messaging/conversation.type';
import { conversationByIdLoader } from '../messaging/messaging.loaders';
import { ListingType, toListingType } from '../listings/listing.type';
import { DIFF_NODE_COST, diffContent, missingSections } from './contract-content';
import type { ContractDetailsEntity } from './contract-details.entity';
import type { ContractEntity, ContractStatus } from './contract.entity';
import {
  ChangeOrderType,
  CONTRACT_HIDDEN_ERRORS,
  ContractDetailsType,
  ContractEventType,
  ContractFieldDiffType,
  ContractRoleEnum,
  ContractSideEnum,
  ContractStatusEnum,
  ContractType,
  ContractUpdateType,
  type TextChangeKindEnum,
  TextChangeType,
  toChangeOrderType,
  toContractDetailsType,
  toContractEventType,
  toContractType,
} from './contract.type';
import { contractNotFound } from './contracts.errors';
import { contractUpdatedTopic, type ContractUpdatedEvent } from './contracts.events';
import { ContractDetailsInput } from './contracts.inputs';
import {
  changeOrderByIdLoader,
  changeOrdersByContractIdLoader,
  contractByConversationIdLoader,
  contractByIdLoader,
  currentDetailsByContractIdLoader,
  detailsByIdLoader,
  eventBySeqLoader,
  eventsByContractIdLoader,
  versionsByContractIdLoader,
} from './contracts.loaders';
import { acceptedTotals } from './change-order-totals';
import { actingSide, partyOf, viewerContractRole, viewerRolesIn, type Party } from './contracts.policy';

/** The contract if the viewer may read it, else null (missing and hidden look the same). */
async function loadVisibleContract(ctx: Context, contractId: string): Promise<ContractEntity | null> {
  const contract = await ctx.loader(contractByIdLoader).load(contractId);
  return contract && (await viewerContractRole(ctx, contract)) ? contract : null;
}

async function requireVisibleContract(ctx: Context, contractId: string): Promise<ContractEntity> {
  const contract = await loadVisibleContract(ctx, contractId);
  if (!contract) throw contractNotFound();
  return contract;
}

/** The side the viewer acts for on the contract now (`actingSide`, the contract's policy); null for everyone else. */
function viewerSide(ctx: Context, contract: ContractType): Promise<Party | null> {
  return actingSide(contract, ctx.viewer?.userId ?? null, viewerRolesIn(ctx, contract.employerId));
}

/** The audit entries the viewer may see: review events only with a review they may read (double-blind). */
function visibleEventsOf(ctx: Context, events: ContractEventType[]): Promise<ContractEventType[]> {
  return ctx.services.reviews.visibleContractEvents(events, ctx.viewer?.userId ?? null, ctx);
}

function presentDetails(entity: ContractDetailsEntity): ContractDetailsType {
  return toContractDetailsType(entity, missingSections(entity).length === 0);
}

registerNodeType('Contract', async (id, ctx) => {
  const contract = await loadVisibleContract(ctx, id);
  return contract ? toContractType(contract) : null;
});
registerNodeType('ContractDetails', async (id, ctx) => {
  const details = await ctx.loader(detailsByIdLoader).load(id);
  return details && (await loadVisibleContract(ctx, details.contractId)) ? presentDetails(details) : null;
});
registerNodeType('ChangeOrder', async (id, ctx) => {
  const changeOrder = await ctx.loader(changeOrderByIdLoader).load(id);
  return changeOrder && (await loadVisibleContract(ctx, changeOrder.contractId)) ? toChangeOrderType(changeOrder) : null;
});
registerNodeType(
  'ContractEvent',
  async (seq, ctx) => {
    const event = await ctx.loader(eventBySeqLoader).load(seq);
    if (!event || !(await loadVisibleContract(ctx, event.contractId))) return null;
    const [visible] = await visibleEventsOf(ctx, [toContractEventType(event)]);
    return visible ?? null;
  },
  'bigint',
);

@Resolver(() => ContractType)
export class ContractsResolver {
  @Query(() => ContractType, { description: 'A contract you are a party to, or may read as a member of its employer; NOT_FOUND otherwise.' })
  async contract(@Arg('id', () => ID, { description: 'Global id of the contract.' }) id: string, @Ctx() ctx: Context): Promise<ContractType> {
    requireViewer(ctx);
    return toContractType(await requireVisibleContract(ctx, parseUuidId('Contract', id, 'id')));
  }

  @Query(() => [ContractType], { description: 'Your contracts, newest first: as poster or worker, and those of employers you are a member of.' })
  async contracts(
    @Arg('status', () => ContractStatusEnum, { nullable: true, description: 'Only contracts in this status.' }) status: ContractStatus | null,
    @Ctx() ctx: Context,
  ): Promise<ContractType[]> {
    const viewer = requireViewer(ctx);
    const contracts = await ctx.services.contracts.visibleTo(viewer.userId, status);
    for (const contract of contracts) ctx.loader(contractByIdLoader).prime(contract.id, contract);
    return contracts.map(toContractType);
  }

  @Mutation(() => ContractType, {
    description:
      "Starts a DRAFT contract from a conversation: the listing's poster only; the worker is the conversation's freelancer. One per conversation at a time: a new one may start once the last is CANCELLED. " +
      'Errors: NOT_FOUND for an unknown conversation and, exactly alike, for anyone but its two participants; ' +
      'FORBIDDEN for the freelancer (only the poster starts the contract) and for a poster who has left the employer; ' +
      'CONFLICT when the conversation already has a contract that is not CANCELLED (DRAFT, ACTIVE or COMPLETED); UNAUTHENTICATED when signed out.',
  })
  async createContract(@Arg('conversationId', () => ID, { description: 'The conversation with the freelancer who will do the work.' }) conversationId: string, @Ctx() ctx: Context): Promise<ContractType> {
    const viewer = requireViewer(ctx);
    const contract = await ctx.services.contracts.create(viewer.userId, parseUuidId('Conversation', conversationId, 'conversationId'));
    return toContractType(contract);
  }

  @Mutation(() => ContractType, {
    description:
      'Saves all six sections as a new version (the poster only, while DRAFT). `expectedVersion` is the version you edited (0 for the first save); CONFLICT when another save came first. Clears both signatures. ' +
      'FORBIDDEN for the worker and for other members of the employer, who may read the contract but not edit it, and for a poster who has left the employer; ' +
      CONTRACT_HIDDEN_ERRORS,
  })
  async updateContractDetails(
    @Arg('contractId', () => ID, { description: 'Global id of the contract.' }) contractId: string,
    @Arg('expectedVersion', () => Int, { description: 'The version this edit is based on (0 for the first save); a stale one is a CONFLICT.' }) expectedVersion: number,
    @Arg('input', () => ContractDetailsInput, { description: 'All six sections of the contract.' }) input: ContractDetailsInput,
    @Ctx() ctx: Context,
  ): Promise<ContractType> {
    const viewer = requireViewer(ctx);
    const contract = await ctx.services.contracts.saveDetails(viewer.userId, parseUuidId('Contract', contractId, 'contractId'), expectedVersion, input);
    return toContractType(contract);
  }

  @Mutation(() => ContractType, {
    description:
      'Signs `version`, which must be the current, complete version (CONFLICT otherwise): the poster or the worker. When both have signed the same version it locks and the contract becomes ACTIVE. ' +
      'FORBIDDEN for a party who has not verified their email (the message says how: follow the mailed link, or ask for a new one from the banner of the web app, which calls `resendVerificationEmail`). ' +
      'FORBIDDEN for other members of the employer, who may read the contract but not sign it, and for a poster who has left the employer; ' +
      CONTRACT_HIDDEN_ERRORS,
  })
  async signContract(
    @Arg('contractId', () => ID, { description: 'Global id of the contract.' }) contractId: string,
    @Arg('version', () => Int, { description: 'A version number of the contract details.' }) version: number,
    @Ctx() ctx: Context,
  ): Promise<ContractType> {
    const viewer = requireViewer(ctx);
    const contract = await ctx.services.contracts.sign(viewer.userId, parseUuidId('Contract', contractId, 'contractId'), version, {
      ip: ctx.request.ip,
      userAgent: ctx.request.userAgent,
    });
    return toContractType(contract);
  }

  @Mutation(() => ContractType, {
    description:
      'The worker says the work is done and asks the poster to complete the ACTIVE contract; `note` (1 to 2,000 characters) says what was delivered. The employer side then completes or declines it (its poster; its owners once the poster has left the employer, who are then told instead). ' +
      'BAD_USER_INPUT on `note` when it is blank or longer than 2,000 characters; CONFLICT when the contract is not ACTIVE (a DRAFT, or ended) or a request is already open; FORBIDDEN for the poster and other members of the employer, who may read the contract; ' +
      CONTRACT_HIDDEN_ERRORS,
  })
  @MultilineArgs('note')
  async requestContractCompletion(
    @Arg('contractId', () => ID, { description: 'Global id of the contract.' }) contractId: string,
    @Arg('note', { description: 'What was delivered, 1 to 2,000 characters of plain text.' }) note: string,
    @Ctx() ctx: Context,
  ): Promise<ContractType> {
    const viewer = requireViewer(ctx);
    return toContractType(await ctx.services.contracts.requestCompletion(viewer.userId, parseUuidId('Contract', contractId, 'contractId'), note));
  }

  @Mutation(() => ContractType, {
    description:
      'Completes the ACTIVE contract (the employer side: its poster, or once the poster has left the employer its owners; with or without a request from the worker): COMPLETED with `completedAt`, for good. Change orders still PROPOSED are withdrawn. ' +
      'Both parties may then review each other for 14 days. CONFLICT when the contract is not ACTIVE; ' +
      'FORBIDDEN for the worker and other members of the employer (owners too while the poster is a member), who may read the contract, and for a poster who has left the employer; ' +
      CONTRACT_HIDDEN_ERRORS,
  })
  async completeContract(@Arg('contractId', () => ID, { description: 'Global id of the contract.' }) contractId: string, @Ctx() ctx: Context): Promise<ContractType> {
    const viewer = requireViewer(ctx);
    return toContractType(await ctx.services.contracts.complete(viewer.userId, parseUuidId('Contract', contractId, 'contractId')));
  }

  @Mutation(() => ContractType, {
    description:
      'Sends the worker’s open completion request back (the employer side: its poster, or its owners once the poster has left): work goes on; `reason` (1 to 2,000 characters) says what is missing. ' +
      'BAD_USER_INPUT on `reason` when it is blank or longer than 2,000 characters; CONFLICT when no request is open or the contract has ended; FORBIDDEN for the worker and other members of the employer (owners too while the poster is a member), and for a poster who has left the employer; ' +
      CONTRACT_HIDDEN_ERRORS,
  })
  @MultilineArgs('reason')
  async declineContractCompletion(
    @Arg('contractId', () => ID, { description: 'Global id of the contract.' }) contractId: string,
    @Arg('reason', { description: 'Why the work is not complete yet, 1 to 2,000 characters of plain text.' }) reason: string,
    @Ctx() ctx: Context,
  ): Promise<ContractType> {
    const viewer = requireViewer(ctx);
    return toContractType(await ctx.services.contracts.declineCompletion(viewer.userId, parseUuidId('Contract', contractId, 'contractId'), reason));
  }

  @Mutation(() => ContractType, {
    description:
      'Ends a DRAFT or ACTIVE contract without completion (either side: the worker, or the poster, or the employer’s owners once the poster has left it), with a reason of 1 to 2,000 characters: CANCELLED with `cancelledAt`, `cancelledBy` and `cancellationReason`, for good. ' +
      'Change orders still PROPOSED are withdrawn. Reviews open only if both parties had signed. BAD_USER_INPUT on `reason` when it is blank or longer than 2,000 characters; CONFLICT when the contract is already COMPLETED or CANCELLED; ' +
      'FORBIDDEN for other members of the employer (owners too while the poster is a member), who may read the contract, and for a poster who has left the employer; ' +
      CONTRACT_HIDDEN_ERRORS,
  })
  @MultilineArgs('reason')
  async cancelContract(
    @Arg('contractId', () => ID, { description: 'Global id of the contract.' }) contractId: string,
    @Arg('reason', { description: 'Why the contract ends, 1 to 2,000 characters of plain text.' }) reason: string,
    @Ctx() ctx: Context,
  ): Promise<ContractType> {
    const viewer = requireViewer(ctx);
    return toContractType(await ctx.services.contracts.cancel(viewer.userId, parseUuidId('Contract', contractId, 'contractId'), reason));
  }

  @Subscription(() => ContractUpdateType, {
    description:
      'Every change to the contract: details saved, signatures, locking, change orders, completion, cancellation and reviews. For the parties and members of the employer; ' +
      'a review event only for those who may read the review (a hidden review’s, double-blind, for its author alone).',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      const viewer = requireViewer(ctx);
      const contractId = parseUuidId('Contract', args.contractId as string, 'contractId');
      const visible = await loadVisibleContract(ctx, contractId);
      if (!visible) throw contractNotFound();
      // A contract's parties never change; a member of the employer who is not a party reads it
      // through the membership, whose end is pushed and ends this subscription (no check per event):
      // its role is known from here on, so no viewer's memberships are loaded per event.
      const role = partyOf(visible, viewer.userId) ? null : await viewerEmployerRole(ctx, visible.employerId);
      const required = role ? { membershipOf: { employerId: visible.employerId, role, ended: contractNotFound } } : {};
      // Every audit-trail event after the latest one now, once and in order, however events reach
      // this instance (ContractCatchUp: overtaken, lost in a Redis outage, or sent while this starts).
      const catchUp = contractCatchUpOf(ctx.app);
      const last = await latestContractEvent(ctx.app.ds, contractId);
      const events = authorizedEvents(ctx, contractUpdatedTopic(contractId), undefined, required);
      const subscription = events instanceof LiveSubscription ? (events as LiveSubscription<unknown>) : null;
      if (subscription) catchUp.watch(subscription, contractId, last);
      return expandEvents(
        events,
        async (shared) => {
          const taken = subscription ? await catchUp.take(subscription, shared) : [shared.event];
          if (taken.length === 0) return [];
          // The contract and change orders as they now are, in the event's loaders: loaded once per
          // event for every subscriber on this instance, whose executions read them from there.
          const changeOrderIds = taken.flatMap((event) => (event.changeOrderId ? [event.changeOrderId] : []));
          const [contract] = await Promise.all([
            shared.scope.loader(contractByIdLoader).load(contractId),
            changeOrderIds.length > 0 ? shared.scope.loader(changeOrderByIdLoader).loadMany(changeOrderIds) : null,
          ]);
          if (!contract) return [];
          // A review event reaches only those who may read the review now (double-blind: a hidden one, its author alone).
          return ctx.services.reviews.visibleContractEvents(taken, viewer.userId, shared.scope);
        },
        { onDropped: () => (subscription ? catchUp.dropped(subscription) : false) },
      );
    },
  })
  contractUpdated(
    @Arg('contractId', () => ID, { description: 'The contract to watch.' }) _contractId: string,
    @Root() event: ContractUpdatedEvent,
  ): ContractUpdateType {
    return Object.assign(new ContractUpdateType(), {
      contractId: event.contractId,
      changeOrderId: event.changeOrderId ?? null,
      reviewId: event.reviewId ?? null,
      kind: event.kind,
    });
  }

  @FieldResolver(() => ListingType, { description: 'The gig the contract is for.' })
  async listing(@Root() contract: ContractType, @Ctx() ctx: Context): Promise<ListingType> {
    return toListingType(await loadOrThrow(ctx, listingByIdLoader, contract.listingId, "contract's listing"));
  }

  @FieldResolver(() => EmployerType, { description: 'The employer the poster contracts for.' })
  async employer(@Root() contract: ContractType, @Ctx() ctx: Context): Promise<EmployerType> {
    return toEmployerType(await loadOrThrow(ctx, employerByIdLoader, contract.employerId, "contract's employer"));
  }

  @FieldResolver(() => ConversationType, {
    nullable: true,
    description: 'The conversation the contract was made from: for the two parties only (its participants); null for other members.',
  })
  async conversation(@Root() contract: ContractType, @Ctx() ctx: Context): Promise<ConversationType | null> {
    if (!ctx.viewer || !partyOf(contract, ctx.viewer.userId)) return null;
    return toConversationType(await loadOrThrow(ctx, conversationByIdLoader, contract.conversationId, "contract's conversation"));
  }

  @FieldResolver(() => UserType, { description: 'The poster, who edits the details and signs for the employer.' })
  employerUser(@Root() contract: ContractType, @Ctx() ctx: Context): Promise<UserType> {
    return loadUser(ctx, contract.employerUserId);
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'Who cancelled the contract; null unless CANCELLED.' })
  async cancelledBy(@Root() contract: ContractType, @Ctx() ctx: Context): Promise<UserType | null> {
    return contract.cancelledById ? loadUser(ctx, contract.cancelledById) : null;
  }

  @FieldResolver(() => UserType, { description: 'The freelancer who does the work.' })
  worker(@Root() contract: ContractType, @Ctx() ctx: Context): Promise<UserType> {
    return loadUser(ctx, contract.workerUserId);
  }

  @FieldResolver(() => ContractRoleEnum, { nullable: true, description: 'How you relate to this contract.' })
  async viewerRole(@Root() contract: ContractType, @Ctx() ctx: Context): Promise<ContractRoleEnum | null> {
    return (await viewerContractRole(ctx, contract)) as ContractRoleEnum | null;
  }

  @FieldResolver(() => ContractSideEnum, {
    nullable: true,
    description:
      'The side you act for now: WORKER for its worker; EMPLOYER for its poster while a member of the employer, and for the employer’s owners once the poster has left it (they complete, decline, cancel, decide change orders, review and reply for the employer; they never edit or sign the details). Null for everyone else.',
  })
  async viewerSide(@Root() contract: ContractType, @Ctx() ctx: Context): Promise<ContractSideEnum | null> {
    return (await viewerSide(ctx, contract)) as ContractSideEnum | null;
  }

  @FieldResolver(() => Boolean, { description: 'Whether `completeContract` would take your call now: the contract is ACTIVE and you act for the employer (`viewerSide`).' })
  async viewerCanComplete(@Root() contract: ContractType, @Ctx() ctx: Context): Promise<boolean> {
    return contract.status === 'ACTIVE' && (await viewerSide(ctx, contract)) === 'EMPLOYER';
  }

  @FieldResolver(() => Boolean, { description: 'Whether `declineContractCompletion` would take your call now: a completion request is open and you act for the employer (`viewerSide`).' })
  async viewerCanDeclineCompletion(@Root() contract: ContractType, @Ctx() ctx: Context): Promise<boolean> {
    return contract.status === 'ACTIVE' && contract.completionRequestedAt !== null && (await viewerSide(ctx, contract)) === 'EMPLOYER';
  }

  @FieldResolver(() => Boolean, { description: 'Whether `requestContractCompletion` would take your call now: the contract is ACTIVE, no request is open, and you are its worker.' })
  async viewerCanRequestCompletion(@Root() contract: ContractType, @Ctx() ctx: Context): Promise<boolean> {
    return contract.status === 'ACTIVE' && contract.completionRequestedAt === null && (await viewerSide(ctx, contract)) === 'WORKER';
  }

  @FieldResolver(() => Boolean, { description: 'Whether `cancelContract` would take your call now: the contract is DRAFT or ACTIVE and you act for a side (`viewerSide`).' })
  async viewerCanCancel(@Root() contract: ContractType, @Ctx() ctx: Context): Promise<boolean> {
    return (contract.status === 'DRAFT' || contract.status === 'ACTIVE') && (await viewerSide(ctx, contract)) !== null;
  }

  @FieldResolver(() => Boolean, { description: 'Whether `acceptChangeOrder` and `rejectChangeOrder` would take your call on a PROPOSED change order now: the contract is ACTIVE and you act for the employer (`viewerSide`).' })
  async viewerCanDecideChangeOrders(@Root() contract: ContractType, @Ctx() ctx: Context): Promise<boolean> {
    return contract.status === 'ACTIVE' && (await viewerSide(ctx, contract)) === 'EMPLOYER';
  }

  @FieldResolver(() => ContractDetailsType, { nullable: true, description: 'The latest version; null before the first save.' })
  async currentDetails(@Root() contract: ContractType, @Ctx() ctx: Context): Promise<ContractDetailsType | null> {
    const details = await ctx.loader(currentDetailsByContractIdLoader).load(contract.localId);
    return details ? presentDetails(details) : null;
  }

  @FieldResolver(() => [ContractDetailsType], { description: 'Every saved version, oldest first.' })
  async versions(@Root() contract: ContractType, @Ctx() ctx: Context): Promise<ContractDetailsType[]> {
    return (await ctx.loader(versionsByContractIdLoader).load(contract.localId)).map(presentDetails);
  }

  @FieldResolver(() => ContractDetailsType, { nullable: true, description: 'One version; null when there is no such version.' })
  async details(@Root() contract: ContractType, @Arg('version', () => Int, { description: 'A version number of the contract details.' }) version: number, @Ctx() ctx: Context): Promise<ContractDetailsType | null> {
    const versions = await ctx.loader(versionsByContractIdLoader).load(contract.localId);
    const details = versions.find((candidate) => candidate.version === version);
    return details ? presentDetails(details) : null;
  }

  @FieldResolver(() => [ContractFieldDiffType], {
    description: `Section by section, how version \`to\` differs from version \`from\`. Counts as ${DIFF_NODE_COST.toLocaleString('en-US')} nodes towards the request's node limit (at most two diffs a request).`,
  })
  @Extensions({ nodeCost: DIFF_NODE_COST })
  async diff(
    @Root() contract: ContractType,
    @Arg('from', () => Int, { description: 'The earlier version.' }) from: number,
    @Arg('to', () => Int, { description: 'The later version.' }) to: number,
    @Ctx() ctx: Context,
  ): Promise<ContractFieldDiffType[]> {
    const versions = await ctx.loader(versionsByContractIdLoader).load(contract.localId);
    const before = versions.find((details) => details.version === from);
    const after = versions.find((details) => details.version === to);
    if (!before || !after) {
      throw badInput({ ...(before ? {} : { from: 'is not a version of this contract' }), ...(after ? {} : { to: 'is not a version of this contract' }) });
    }
    return diffContent(before, after, `${before.contentHash}:${after.contentHash}`).map((section) =>
      Object.assign(new ContractFieldDiffType(), {
        ...section,
        lines: section.lines.map((line) => Object.assign(new TextChangeType(), { kind: line.kind as TextChangeKindEnum, text: line.text })),
      }),
    );
  }

  @FieldResolver(() => [ChangeOrderType], { description: 'Change orders, oldest first.' })
  async changeOrders(@Root() contract: ContractType, @Ctx() ctx: Context): Promise<ChangeOrderType[]> {
    return (await ctx.loader(changeOrdersByContractIdLoader).load(contract.localId)).map(toChangeOrderType);
  }

  @FieldResolver(() => Int, { description: 'Sum of the price changes of ACCEPTED change orders, in cents.' })
  async acceptedPriceChangeCents(@Root() contract: ContractType, @Ctx() ctx: Context): Promise<number> {
    return acceptedTotals(await ctx.loader(changeOrdersByContractIdLoader).load(contract.localId)).priceChangeCents;
  }

  @FieldResolver(() => Int, { description: 'Sum of the schedule changes of ACCEPTED change orders, in days.' })
  async acceptedScheduleChangeDays(@Root() contract: ContractType, @Ctx() ctx: Context): Promise<number> {
    return acceptedTotals(await ctx.loader(changeOrdersByContractIdLoader).load(contract.localId)).scheduleChangeDays;
  }

  @FieldResolver(() => [ContractEventType], {
    description: 'The audit trail, oldest first: who did what, when, on which version. An entry about a review only when you may read the review (double-blind: a hidden review’s, for its author alone).',
  })
  async events(@Root() contract: ContractType, @Ctx() ctx: Context): Promise<ContractEventType[]> {
    return visibleEventsOf(ctx, (await ctx.loader(eventsByContractIdLoader).load(contract.localId)).map(toContractEventType));
  }
}

@Resolver(() => ContractDetailsType)
export class ContractDetailsResolver {
  @FieldResolver(() => UserType, { description: 'Who saved this version.' })
  createdBy(@Root() details: ContractDetailsType, @Ctx() ctx: Context): Promise<UserType> {
    return loadUser(ctx, details.createdById);
  }
}

@Resolver(() => ContractEventType)
export class ContractEventResolver {
  @FieldResolver(() => UserType, { description: 'Who did it.' })
  actor(@Root() event: ContractEventType, @Ctx() ctx: Context): Promise<UserType> {
    return loadUser(ctx, event.actorId);
  }

  @FieldResolver(() => ChangeOrderType, { nullable: true, description: 'The change order it concerned, for change-order events.' })
  async changeOrder(@Root() event: ContractEventType, @Ctx() ctx: Context): Promise<ChangeOrderType | null> {
    const changeOrder = event.changeOrderId ? await ctx.loader(changeOrderByIdLoader).load(event.changeOrderId) : null;
    return changeOrder ? toChangeOrderType(changeOrder) : null;
  }
}

@Resolver(() => ContractUpdateType)
export class ContractUpdateResolver {
  @FieldResolver(() => ContractType, { description: 'The contract as it is now.' })
  async contract(@Root() update: ContractUpdateType, @Ctx() ctx: Context): Promise<ContractType> {
    const contract = await ctx.loader(contractByIdLoader).load(update.contractId);
    if (!contract) throw contractNotFound();
    return toContractType(contract);
  }

  @FieldResolver(() => ChangeOrderType, { nullable: true, description: 'The change order, for change-order events.' })
  async changeOrder(@Root() update: ContractUpdateType, @Ctx() ctx: Context): Promise<ChangeOrderType | null> {
    const changeOrder = update.changeOrderId ? await ctx.loader(changeOrderByIdLoader).load(update.changeOrderId) : null;
    return changeOrder ? toChangeOrderType(changeOrder) : null;
  }
}

@Resolver(() => ConversationType)
export class ConversationContractResolver {
  // Whoever sees a conversation is one of its two participants, and they are the contract's parties.
  @FieldResolver(() => ContractType, { nullable: true, description: 'The contract made from this conversation: the newest one not CANCELLED, else the newest CANCELLED one; null until the poster creates one.' })
  async contract(@Root() conversation: ConversationType, @Ctx() ctx: Context): Promise<ContractType | null> {
    const contract = await ctx.loader(contractByConversationIdLoader).load(conversation.localId);
    return contract ? toContractType(contract) : null;
  }
}
