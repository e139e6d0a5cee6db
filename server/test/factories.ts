import { randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import type { DataSource } from 'typeorm';
import { ProfileEntity } from '../src/modules/accounts/profile.entity';
import { UserEntity } from '../src/modules/accounts/user.entity';
import { EmployerMemberEntity, type EmployerRole } from '../src/modules/employers/employer-member.entity';
import { EmployerEntity } from '../src/modules/employers/employer.entity';
import { ListingTechnologyEntity } from '../src/modules/listings/listing-technology.entity';
import { ListingEntity, type ListingStatus } from '../src/modules/listings/listing.entity';
import type { ListingTerms } from '../src/modules/listings/listing-terms';
import { ConversationEntity } from '../src/modules/messaging/conversation.entity';
import { MessageEntity } from '../src/modules/messaging/message.entity';
import { CreditEntity } from '../src/modules/payments/credit.entity';
import { PaymentEntity, type PaymentProvider, type PaymentStatus } from '../src/modules/payments/payment.entity';
import type { ChangeOrderEntity } from '../src/modules/contracts/change-order.entity';
import type { ContractContent } from '../src/modules/contracts/contract-content';
import { ContractEntity } from '../src/modules/contracts/contract.entity';
import type { NotificationEntity } from '../src/modules/notifications/notification.entity';
import type { SavedSearchEntity } from '../src/modules/saved-searches/saved-search.entity';
import type { App } from '../src/app';

/**
 * Test data straight into the database, each row unique, so tests never depend on each other or
 * on emptying tables. Every builder takes overrides.
 */
export const FACTORY_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

const unique = () => randomUUID().slice(0, 8);

export interface BuiltUser {
  user: UserEntity;
  token: string;
}

/**
 * A user with a session. Verified by default (`emailVerifiedAt` now), as most tests want someone
 * who may publish and sign; `verified: false` builds one who has not followed the mailed link.
 */
export async function buildUser(app: App, overrides: { email?: string; displayName?: string; verified?: boolean } = {}): Promise<BuiltUser> {
  passwordHash ??= argon2.hash(FACTORY_PASSWORD, { type: argon2.argon2id });
  const ds = app.deps.ds;
  return ds.transaction(async (manager) => {
    const user = await manager.save(
      manager.create(UserEntity, {
        email: overrides.email ?? `user-${unique()}@example.test`,
        passwordHash: await passwordHash!,
        emailVerifiedAt: overrides.verified === false ? null : new Date(),
      }),
    );
    await manager.insert(ProfileEntity, { userId: user.id, displayName: overrides.displayName ?? `User ${unique()}`, biography: null, location: null });
    const { token } = await app.deps.services.sessions.create(manager, user.id);
    return { user, token };
  });
}

/** A user who owns an employer of their own: the usual poster. */
export type BuiltPoster = BuiltUser & { employer: EmployerEntity };

export async function buildPoster(app: App): Promise<BuiltPoster> {
  const owner = await buildUser(app);
  return { ...owner, employer: await buildEmployer(app, owner.user) };
}

export async function buildEmployer(
  app: App,
  owner: UserEntity,
  overrides: { name?: string; members?: Array<{ user: UserEntity; role?: EmployerRole }> } = {},
): Promise<EmployerEntity> {
  const ds = app.deps.ds;
  const employer = await ds.getRepository(EmployerEntity).save({ name: overrides.name ?? `Employer ${unique()}`, aboutUs: null, logoUrl: null });
  await ds.getRepository(EmployerMemberEntity).insert([
    { employerId: employer.id, userId: owner.id, role: 'OWNER' },
    ...(overrides.members ?? []).map(({ user, role }) => ({ employerId: employer.id, userId: user.id, role: role ?? ('MEMBER' as const) })),
  ]);
  return employer;
}

export interface ListingOverrides {
  /** A chosen id (random otherwise), e.g. to place the listing in or out of the catalogue's sample. */
  id?: string;
  title?: string;
  description?: string;
  status?: ListingStatus;
  projectTypeId?: number;
  technologyIds?: number[];
  publishedAt?: Date;
  /** When its period ends; a published (or closed) listing's runs 30 days from now by default. */
  expiresAt?: Date;
  /** Its terms, part by part (null: not stated); by default DEFAULT_TERMS, so a draft can be published. */
  terms?: Partial<ListingTerms>;
}

/** What a built listing pays, how long it takes and where, unless told otherwise. */
export const DEFAULT_TERMS: ListingTerms = {
  budget: { kind: 'FIXED', minCents: 100_000, maxCents: 200_000, currency: 'USD' },
  duration: { weeks: 4, hoursPerWeek: 10 },
  location: { kind: 'REMOTE', city: null, countryCode: null, timeZoneWindow: null },
};

export async function buildListing(app: App, employer: EmployerEntity, poster: UserEntity, overrides: ListingOverrides = {}): Promise<ListingEntity> {
  const ds: DataSource = app.deps.ds;
  const status = overrides.status ?? 'PUBLISHED';
  const listing = await ds.getRepository(ListingEntity).save({
    ...(overrides.id ? { id: overrides.id } : {}),
    employerId: employer.id,
    postedByUserId: poster.id,
    title: overrides.title ?? `Gig ${unique()}`,
    description: overrides.description ?? `A side gig that needs doing, reference ${unique()}.`,
    status,
    projectTypeId: overrides.projectTypeId ?? 9,
    publishedAt: status === 'DRAFT' ? null : (overrides.publishedAt ?? new Date()),
    closedAt: status === 'CLOSED' ? new Date() : null,
    expiresAt: status === 'DRAFT' ? null : (overrides.expiresAt ?? new Date(Date.now() + 30 * 24 * 60 * 60 * 1000)),
    ...termsColumns({ ...DEFAULT_TERMS, ...overrides.terms }),
  });
  const technologyIds = overrides.technologyIds ?? [2];
  await ds.getRepository(ListingTechnologyEntity).insert(technologyIds.map((technologyId) => ({ listingId: listing.id, technologyId })));
  return listing;
}

function termsColumns({ budget, duration, location }: ListingTerms): Partial<ListingEntity> {
  return {
    budgetKind: budget?.kind ?? null,
    budgetMinCents: budget?.minCents ?? null,
    budgetMaxCents: budget?.maxCents ?? null,
    budgetCurrency: budget?.currency ?? null,
    durationWeeks: duration?.weeks ?? null,
    hoursPerWeek: duration?.hoursPerWeek ?? null,
    locationKind: location?.kind ?? null,
    locationCity: location?.city ?? null,
    locationCountryCode: location?.countryCode ?? null,
    utcOffsetFromMinutes: location?.timeZoneWindow?.fromUtcOffsetMinutes ?? null,
    utcOffsetToMinutes: location?.timeZoneWindow?.toUtcOffsetMinutes ?? null,
  };
}

/** Unspent credits of a paid test-mode payment. */
export async function buildCredits(app: App, employer: EmployerEntity, buyer: UserEntity, quantity: number): Promise<PaymentEntity> {
  const ds = app.deps.ds;
  const payment = await ds.getRepository(PaymentEntity).save({
    employerId: employer.id,
    userId: buyer.id,
    provider: 'test',
    providerSessionId: null,
    quantity,
    amountCents: quantity * 2500,
    currency: 'usd',
    status: 'PAID',
    paidAt: new Date(),
  });
  if (quantity > 0) {
    await ds.getRepository(CreditEntity).insert(
      Array.from({ length: quantity }, () => ({ employerId: employer.id, purchasedByUserId: buyer.id, paymentId: payment.id, listingId: null, spentAt: null })),
    );
  }
  return payment;
}

/** A conversation between a freelancer and the listing's poster, with an opening message. */
export async function buildConversation(
  app: App,
  listing: ListingEntity,
  freelancer: UserEntity,
  overrides: { poster?: UserEntity; firstMessage?: string } = {},
): Promise<ConversationEntity> {
  const ds = app.deps.ds;
  const posterUserId = overrides.poster?.id ?? listing.postedByUserId;
  const conversation = await ds.getRepository(ConversationEntity).save({
    listingId: listing.id,
    freelancerUserId: freelancer.id,
    posterUserId,
    lastMessageAt: new Date(),
  });
  await ds.getRepository(MessageEntity).insert({
    conversationId: conversation.id,
    fromId: freelancer.id,
    toId: posterUserId,
    body: overrides.firstMessage ?? 'Hello, is this gig still open?',
    read: false,
    readAt: null,
  });
  return conversation;
}

/** A payment that has not been settled yet (a checkout in progress), or one that ended in `status`. */
export async function buildPayment(
  app: App,
  employer: EmployerEntity,
  buyer: UserEntity,
  overrides: { quantity?: number; status?: PaymentStatus; provider?: PaymentProvider } = {},
): Promise<PaymentEntity> {
  const quantity = overrides.quantity ?? 1;
  const provider = overrides.provider ?? 'test';
  return app.deps.ds.getRepository(PaymentEntity).save({
    employerId: employer.id,
    userId: buyer.id,
    provider,
    providerSessionId: provider === 'stripe' ? `cs_test_${randomUUID().replace(/-/g, '')}` : null,
    quantity,
    amountCents: quantity * 2500,
    currency: 'usd',
    status: overrides.status ?? 'PENDING',
    paidAt: null,
  });
}

/** Six complete sections of contract details; `tag` makes them distinct. */
export function contractContent(tag = unique()): ContractContent {
  return {
    descriptionOfServices: `Build the checkout service (${tag}).`,
    deliverables: `Source code\nDeployment scripts (${tag})`,
    projectSchedule: `Four weeks from signature (${tag}).`,
    pricingAndRates: `USD 4,000 fixed (${tag}).`,
    paymentTermsAndSchedule: `Half up front, half on delivery (${tag}).`,
    termsAndConditions: `Code belongs to the employer on payment (${tag}).`,
  };
}

/**
 * A contract made from the conversation by its poster (who must be a member of the listing's
 * employer), through the contract rules themselves: version 1 of the details saved, and when
 * `active`, signed by both parties (locked). Its audit trail and notifications come with it.
 */
export async function buildContract(app: App, conversation: ConversationEntity, overrides: { active?: boolean } = {}): Promise<ContractEntity> {
  const contracts = app.deps.services.contracts;
  const origin = { ip: null, userAgent: null };
  const contract = await contracts.create(conversation.posterUserId, conversation.id);
  await contracts.saveDetails(conversation.posterUserId, contract.id, 0, contractContent());
  if (!overrides.active) return app.deps.ds.getRepository(ContractEntity).findOneByOrFail({ id: contract.id });
  await contracts.sign(conversation.freelancerUserId, contract.id, 1, origin);
  return contracts.sign(conversation.posterUserId, contract.id, 1, origin);
}

/** A PROPOSED change order of an ACTIVE contract, submitted by its worker. */
export async function buildChangeOrder(app: App, contract: ContractEntity, overrides: { changes?: string } = {}): Promise<ChangeOrderEntity> {
  return app.deps.services.contracts.submitChangeOrder(contract.workerUserId, contract.id, {
    description: overrides.changes ?? `Add a refund flow (${unique()})`,
    priceChangeCents: 50_000,
    scheduleChangeDays: 5,
  });
}

/** An unread notification of the user. */
export async function buildNotification(app: App, user: UserEntity, overrides: { kind?: string; payload?: Record<string, unknown> } = {}): Promise<NotificationEntity> {
  return app.deps.ds.transaction((manager) =>
    app.deps.services.notifications.add(manager, {
      userId: user.id,
      kind: overrides.kind ?? 'CONTRACT_CREATED',
      payload: overrides.payload ?? { summary: `Something happened (${unique()})` },
    }),
  );
}

/** A saved search of the user (a full-text search only). */
export async function buildSavedSearch(app: App, user: UserEntity, overrides: { name?: string; search?: string } = {}): Promise<SavedSearchEntity> {
  return app.deps.services.savedSearches.save(user.id, { name: overrides.name ?? `Search ${unique()}`, filter: { search: overrides.search ?? 'react' } });
}
