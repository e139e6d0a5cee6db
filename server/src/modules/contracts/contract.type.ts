import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../../graphql/global-id';
import { Node } from '../../graphql/node-interface';
import type { ChangeOrderEntity, ChangeOrderStatus } from './change-order.entity';
import type { ContractDetailsEntity } from './contract-details.entity';
import type { ContractEventEntity } from './contract-event.entity';
import type { ContractEntity, ContractStatus } from './contract.entity';
import type { ContractEventKind } from './contracts.events';

export enum ContractStatusEnum {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ContractStatusEnum, {
  name: 'ContractStatus',
  description:
    'DRAFT while the details are negotiated; ACTIVE once both parties signed the same version; then COMPLETED or CANCELLED, after which the contract never changes again.',
  valuesConfig: {
    DRAFT: { description: 'Details are being written and signed; nothing is binding yet.' },
    ACTIVE: { description: 'Both parties signed the same version; it is locked and work goes on.' },
    COMPLETED: { description: 'The poster completed it (usually when the worker asked): the work is done. Final; reviews open for 14 days.' },
    CANCELLED: { description: 'A party ended it without completion, with a reason. Final; reviews open for 14 days only if both had signed.' },
  },
});

export enum ChangeOrderStatusEnum {
  PROPOSED = 'PROPOSED',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(ChangeOrderStatusEnum, {
  name: 'ChangeOrderStatus',
  description: 'PROPOSED until the poster accepts or rejects it or its author withdraws it; then final.',
  valuesConfig: {
    PROPOSED: { description: 'Waiting for the poster.' },
    ACCEPTED: { description: 'The poster accepted it; it counts in the running totals.' },
    REJECTED: { description: 'The poster rejected it, with a reason.' },
    WITHDRAWN: { description: 'Its author withdrew it before a decision.' },
  },
});

export enum ContractEventKindEnum {
  CREATED = 'CREATED',
  DETAILS_SAVED = 'DETAILS_SAVED',
  SIGNED = 'SIGNED',
  LOCKED = 'LOCKED',
  CHANGE_ORDER_SUBMITTED = 'CHANGE_ORDER_SUBMITTED',
  CHANGE_ORDER_ACCEPTED = 'CHANGE_ORDER_ACCEPTED',
  CHANGE_ORDER_REJECTED = 'CHANGE_ORDER_REJECTED',
  CHANGE_ORDER_WITHDRAWN = 'CHANGE_ORDER_WITHDRAWN',
  COMPLETION_REQUESTED = 'COMPLETION_REQUESTED',
  COMPLETION_DECLINED = 'COMPLETION_DECLINED',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
  REVIEW_SUBMITTED = 'REVIEW_SUBMITTED',
  REVIEWS_PUBLISHED = 'REVIEWS_PUBLISHED',
  REVIEW_REPLIED = 'REVIEW_REPLIED',
}
registerEnumType(ContractEventKindEnum, {
  name: 'ContractEventKind',
  description: 'What happened to a contract.',
  valuesConfig: {
    CREATED: { description: 'The poster created the contract.' },
    DETAILS_SAVED: { description: 'The poster saved a new version of the details.' },
    SIGNED: { description: 'A party signed a version.' },
    LOCKED: { description: 'Both parties signed the same version; it can no longer change.' },
    CHANGE_ORDER_SUBMITTED: { description: 'The worker proposed a change order.' },
    CHANGE_ORDER_ACCEPTED: { description: 'The poster accepted a change order.' },
    CHANGE_ORDER_REJECTED: { description: 'The poster rejected a change order.' },
    CHANGE_ORDER_WITHDRAWN: { description: 'The worker withdrew a change order, or it was withdrawn because the contract ended.' },
    COMPLETION_REQUESTED: { description: 'The worker asked the poster to complete the contract, with a note of what was delivered.' },
    COMPLETION_DECLINED: { description: 'The poster declined the completion request, with a reason: work goes on.' },
    COMPLETED: { description: 'The poster completed the contract.' },
    CANCELLED: { description: 'A party cancelled the contract, with a reason.' },
    REVIEW_SUBMITTED: { description: 'A party reviewed the other (the review itself stays hidden until published).' },
    REVIEWS_PUBLISHED: { description: 'The second party reviewed: both reviews are public.' },
    REVIEW_REPLIED: { description: 'The reviewed party replied to a review.' },
  },
});

export enum ContractRoleEnum {
  EMPLOYER = 'EMPLOYER',
  WORKER = 'WORKER',
  READER = 'READER',
}
registerEnumType(ContractRoleEnum, {
  name: 'ContractRole',
  description: 'What the viewer may do with a contract.',
  valuesConfig: {
    EMPLOYER: { description: 'The poster, who edits the details and signs for the employer.' },
    WORKER: { description: 'The freelancer, who signs and submits change orders.' },
    READER: { description: 'Another member of the employer: may read, not sign.' },
  },
});

export enum ContractSideEnum {
  EMPLOYER = 'EMPLOYER',
  WORKER = 'WORKER',
}
registerEnumType(ContractSideEnum, {
  name: 'ContractSide',
  description: 'A side of a contract, as one acts for it.',
  valuesConfig: {
    EMPLOYER: { description: 'The employer: its poster while a member, else its owners.' },
    WORKER: { description: 'The freelancer who does the work.' },
  },
});

export enum TextChangeKindEnum {
  ADDED = 'ADDED',
  REMOVED = 'REMOVED',
  UNCHANGED = 'UNCHANGED',
}
registerEnumType(TextChangeKindEnum, {
  name: 'TextChangeKind',
  description: 'Whether a run of lines was added, removed or kept.',
  valuesConfig: {
    ADDED: { description: 'Lines only in the later version.' },
    REMOVED: { description: 'Lines only in the earlier version.' },
    UNCHANGED: { description: 'Lines in both versions.' },
  },
});

@ObjectType('Contract', { implements: Node, description: 'The agreement between a poster (for their employer) and a freelancer, from one conversation.' })
export class ContractType extends Node {
  localId: string;
  listingId: string;
  conversationId: string;
  employerId: string;
  employerUserId: string;
  workerUserId: string;
  cancelledById: string | null;

  @Field(() => ContractStatusEnum, { description: 'DRAFT, then ACTIVE once both parties signed the same version, then COMPLETED or CANCELLED for good.' })
  status: ContractStatus;

  @Field(() => Date, { nullable: true, description: "When the poster signed; null when the poster's signature is not on the current version." })
  employerSignedAt: Date | null;

  @Field(() => Int, { nullable: true, description: 'The version the poster signed; a signature is bound to exactly one version.' })
  employerSignedVersion: number | null;

  @Field(() => Date, { nullable: true, description: "When the worker signed; null when the worker's signature is not on the current version." })
  workerSignedAt: Date | null;

  @Field(() => Int, { nullable: true, description: 'The version the worker signed.' })
  workerSignedVersion: number | null;

  @Field({ description: 'When the poster started the contract.' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the worker asked for completion; null when no request is open (none yet, declined, or the contract ended).' })
  completionRequestedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'What the worker says was delivered, with the open completion request.' })
  completionNote: string | null;

  @Field(() => Date, { nullable: true, description: 'When the poster completed the contract; null unless COMPLETED.' })
  completedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When a party cancelled the contract; null unless CANCELLED.' })
  cancelledAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was cancelled; null unless CANCELLED.' })
  cancellationReason: string | null;
}

export function toContractType(entity: ContractEntity): ContractType {
  return Object.assign(new ContractType(), {
    id: toGlobalId('Contract', entity.id),
    localId: entity.id,
    listingId: entity.listingId,
    conversationId: entity.conversationId,
    employerId: entity.employerId,
    employerUserId: entity.employerUserId,
    workerUserId: entity.workerUserId,
    status: entity.status,
    employerSignedAt: entity.employerSignedAt,
    employerSignedVersion: entity.employerSignedVersion,
    workerSignedAt: entity.workerSignedAt,
    workerSignedVersion: entity.workerSignedVersion,
    createdAt: entity.createdAt,
    cancelledById: entity.cancelledById,
    completionRequestedAt: entity.completionRequestedAt,
    completionNote: entity.completionNote,
    completedAt: entity.completedAt,
    cancelledAt: entity.cancelledAt,
    cancellationReason: entity.cancellationReason,
  });
}

@ObjectType('ContractDetails', { implements: Node, description: 'One saved version of the six sections of a contract. Versions are never edited: every save adds one.' })
export class ContractDetailsType extends Node {
  contractId: string;
  createdById: string;

  @Field(() => Int, { description: 'Version number, from 1.' })
  version: number;

  @Field({
    description:
      'SHA-256 (64 lowercase hex digits) of the UTF-8 bytes of JSON.stringify(["techgigs-contract-details-v1", descriptionOfServices, deliverables, projectSchedule, pricingAndRates, paymentTermsAndSchedule, termsAndConditions]), each section NFC-normalised.',
  })
  contentHash: string;

  @Field({ description: 'True once both parties signed this version: it can never change again.' })
  locked: boolean;

  @Field(() => Date, { nullable: true, description: 'When this version locked.' })
  lockedAt: Date | null;

  @Field({ description: 'When this version was saved.' })
  createdAt: Date;

  @Field({ description: 'What the worker will do.' })
  descriptionOfServices: string;

  @Field({ description: 'What the worker hands over.' })
  deliverables: string;

  @Field({ description: 'Milestones and dates.' })
  projectSchedule: string;

  @Field({ description: 'Prices and rates.' })
  pricingAndRates: string;

  @Field({ description: 'When and how the worker is paid.' })
  paymentTermsAndSchedule: string;

  @Field({ description: 'Everything else both parties agree to.' })
  termsAndConditions: string;

  @Field({ description: 'Whether all six sections are filled in, so the version can be signed.' })
  complete: boolean;
}

export function toContractDetailsType(entity: ContractDetailsEntity, complete: boolean): ContractDetailsType {
  return Object.assign(new ContractDetailsType(), {
    id: toGlobalId('ContractDetails', entity.id),
    contractId: entity.contractId,
    createdById: entity.createdById,
    version: entity.version,
    contentHash: entity.contentHash,
    locked: entity.locked,
    lockedAt: entity.lockedAt,
    createdAt: entity.createdAt,
    descriptionOfServices: entity.descriptionOfServices,
    deliverables: entity.deliverables,
    projectSchedule: entity.projectSchedule,
    pricingAndRates: entity.pricingAndRates,
    paymentTermsAndSchedule: entity.paymentTermsAndSchedule,
    termsAndConditions: entity.termsAndConditions,
    complete,
  });
}

@ObjectType('ChangeOrder', { implements: Node, description: 'A change to an active contract: proposed by the worker, accepted or rejected by the poster.' })
export class ChangeOrderType extends Node {
  localId: string;
  contractId: string;
  createdById: string;
  acceptedById: string | null;
  decidedById: string | null;

  @Field(() => ChangeOrderStatusEnum, { description: 'PROPOSED, then ACCEPTED, REJECTED or WITHDRAWN for good.' })
  status: ChangeOrderStatus;

  @Field({ description: 'What changes and why.' })
  changes: string;

  @Field(() => Int, { nullable: true, description: 'Change of the price in cents: positive raises it.' })
  priceChangeCents: number | null;

  @Field(() => Int, { nullable: true, description: 'Change of the schedule in days: positive extends it.' })
  scheduleChangeDays: number | null;

  @Field({ description: 'When it was submitted.' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the poster accepted it.' })
  acceptedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was accepted, rejected or withdrawn.' })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true, description: "The poster's reason for a rejection." })
  reason: string | null;
}

export function toChangeOrderType(entity: ChangeOrderEntity): ChangeOrderType {
  return Object.assign(new ChangeOrderType(), {
    id: toGlobalId('ChangeOrder', entity.id),
    localId: entity.id,
    contractId: entity.contractId,
    createdById: entity.createdById,
    acceptedById: entity.acceptedById,
    decidedById: entity.decidedById,
    status: entity.status,
    changes: entity.changes,
    priceChangeCents: entity.priceChangeCents,
    scheduleChangeDays: entity.scheduleChangeDays,
    createdAt: entity.createdAt,
    acceptedAt: entity.acceptedAt,
    decidedAt: entity.decidedAt,
    reason: entity.reason,
  });
}

@ObjectType('ContractEvent', { implements: Node, description: 'One entry of the append-only audit trail of a contract.' })
export class ContractEventType extends Node {
  actorId: string;
  changeOrderId: string | null;
  /** The review a review event concerns (its visibility decides who may see the event). */
  reviewId: string | null;

  @Field(() => ContractEventKindEnum, { description: 'What happened.' })
  kind: ContractEventKind;

  @Field(() => Int, { nullable: true, description: 'The contract version it concerned.' })
  version: number | null;

  @Field(() => String, { nullable: true, description: 'The content hash of that version at the time.' })
  contentHash: string | null;

  @Field(() => String, { nullable: true, description: 'IP address the signature came from (signatures only).' })
  ipAddress: string | null;

  @Field(() => String, { nullable: true, description: 'User agent the signature came from (signatures only).' })
  userAgent: string | null;

  @Field(() => String, { nullable: true, description: 'The reason given, for CHANGE_ORDER_REJECTED, COMPLETION_DECLINED and CANCELLED.' })
  reason: string | null;

  @Field(() => String, { nullable: true, description: 'What the worker says was delivered, for COMPLETION_REQUESTED.' })
  note: string | null;

  @Field({ description: 'When it happened.' })
  createdAt: Date;
}

export function toContractEventType(entity: ContractEventEntity): ContractEventType {
  const data = entity.data as { changeOrderId?: string; reviewId?: string; reason?: string; note?: string };
  return Object.assign(new ContractEventType(), {
    id: toGlobalId('ContractEvent', entity.seq),
    actorId: entity.actorId,
    changeOrderId: data.changeOrderId ?? null,
    reviewId: data.reviewId ?? null,
    kind: entity.kind as ContractEventKind,
    version: entity.version,
    contentHash: entity.contentHash,
    ipAddress: entity.ipAddress,
    userAgent: entity.userAgent,
    reason: data.reason ?? null,
    note: data.note ?? null,
    createdAt: entity.createdAt,
  });
}

@ObjectType('TextChange', { description: 'A run of lines in a line diff.' })
export class TextChangeType {
  @Field(() => TextChangeKindEnum, { description: 'Added in the later version, removed from the earlier one, or in both.' })
  kind: TextChangeKindEnum;

  @Field({ description: 'The lines, with their line breaks.' })
  text: string;
}

@ObjectType('ContractFieldDiff', { description: 'How one section differs between two versions.' })
export class ContractFieldDiffType {
  @Field({ description: 'The section, by its input name, e.g. "deliverables".' })
  field: string;

  @Field({ description: 'The section in the `from` version.' })
  before: string;

  @Field({ description: 'The section in the `to` version.' })
  after: string;

  @Field({ description: 'Whether the section differs.' })
  changed: boolean;

  @Field(() => [TextChangeType], { description: 'Line diff from `before` to `after`; one REMOVED and one ADDED run when the texts are too different to diff quickly.' })
  lines: TextChangeType[];
}

@ObjectType('ContractUpdate', { description: 'A live change to a contract.' })
export class ContractUpdateType {
  contractId: string;
  changeOrderId: string | null;
  reviewId: string | null;

  @Field(() => ContractEventKindEnum, { description: 'What happened.' })
  kind: ContractEventKind;
}

/** The errors every contract and change-order mutation shares: a contract is hidden from all but its parties and the employer's members. */
export const CONTRACT_HIDDEN_ERRORS =
  'NOT_FOUND for an unknown contract and, exactly alike, for one you may not read (neither a party nor a member of its employer); UNAUTHENTICATED when signed out.';
