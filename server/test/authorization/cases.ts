import { type BuiltUser } from '../factories';

/**
 * The authorization matrix. Every root operation that takes an ID (directly, in a list, or inside
 * an input object) has an entry below naming the ids it is called with and, for each kind of
 * caller, what must come back; a test fails as soon as the schema grows an ID-taking operation
 * without one. Each call goes over HTTP and over WebSocket (graphql-ws), and after each the whole
 * database is compared with its state before: a refused call changes nothing.
 *
 * What a caller may not see answers NOT_FOUND (or null where the field is nullable), exactly as
 * an unknown id does: each such call is repeated with fresh ids of the same types and must get
 * the same answer. FORBIDDEN is only for objects the caller may see (public employers and
 * published listings, or a contract they are party to) and is documented on the operation.
 */

export type Caller = 'anonymous' | 'stranger' | 'otherEmployer' | 'worker' | 'poster' | 'member';

/**
 * NOT_FOUND / UNAUTHENTICATED / FORBIDDEN / BAD_USER_INPUT: that error code, and no data.
 * NULL: no error, the field is null. IGNORED: no error, and the same answer as for unknown ids.
 * PUBLIC: no error; `check` asserts that nothing private shows.
 */
export type Expected = 'NOT_FOUND' | 'NULL' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'IGNORED' | 'PUBLIC';

export interface World {
  users: Record<Exclude<Caller, 'anonymous'>, BuiltUser>;
  /** Global ids of the objects the callers try to reach. */
  gid: {
    employer: string;
    draftListing: string;
    /** Closed before it was ever published: as hidden as a draft. */
    unpublishedClosedListing: string;
    publishedListing: string;
    conversation: string;
    message: string;
    contract: string;
    contractDetails: string;
    contractEvent: string;
    changeOrder: string;
    payment: string;
    /** The poster's. */
    notification: string;
    /** The worker's. */
    savedSearch: string;
    /** The worker, whose public profile everyone may read. */
    workerUser: string;
    /** COMPLETED; the worker has reviewed it, the poster not yet. */
    endedContract: string;
    /** The worker's review of `endedContract`: hidden (double-blind) from all but the worker. */
    hiddenReview: string;
    /** The worker's review of another completed contract both parties reviewed: public. */
    publishedReview: string;
  };
}

export interface Case {
  /** Argument path (`id`, `input.employerId`, `filter.technologyIds`) → the id (or ids) to send. */
  ids: Record<string, (w: World) => string | string[]>;
  /** Other argument values, by path, where a generated one would not pass validation. */
  args?: Record<string, (w: World) => unknown>;
  /** What each caller must get; at least one caller per case. */
  as: Partial<Record<Caller, Expected>>;
  /** The selection set of the result (default: `{ __typename }` for objects, nothing for scalars). */
  selection?: string;
  /** For PUBLIC: what must hold of the field's value. */
  check?: (value: any, w: World) => void;
}

const strangers = { anonymous: 'UNAUTHENTICATED', stranger: 'NOT_FOUND', otherEmployer: 'NOT_FOUND' } as const;

/** Listing mutations for members only: hidden listings are NOT_FOUND even to anonymous callers (nothing about them is public). */
const hiddenListing = (id: (w: World) => string): Case => ({
  ids: { id },
  as: { anonymous: 'NOT_FOUND', stranger: 'NOT_FOUND', otherEmployer: 'NOT_FOUND', worker: 'NOT_FOUND' },
});
const listingMutation = (path: string): Case[] => [
  { ...hiddenListing((w) => w.gid.draftListing), ids: { [path]: (w) => w.gid.draftListing } },
  { ...hiddenListing((w) => w.gid.unpublishedClosedListing), ids: { [path]: (w) => w.gid.unpublishedClosedListing } },
  // Published: public, so a non-member may learn it exists and is told they may not change it.
  {
    ids: { [path]: (w) => w.gid.publishedListing },
    as: { anonymous: 'UNAUTHENTICATED', stranger: 'FORBIDDEN', otherEmployer: 'FORBIDDEN', worker: 'FORBIDDEN' },
  },
];

const EMPLOYER_PRIVATE = `{ id name members { role } credits creditLedger { purchases { id } } viewerRole listings(first: 100) { edges { node { id status } } } }`;
function checkEmployerIsPublicOnly(employer: any, w: World): void {
  expect(employer).toMatchObject({ id: w.gid.employer, members: null, credits: null, creditLedger: null, viewerRole: null });
  const ids = employer.listings.edges.map((edge: { node: { id: string } }) => edge.node.id);
  expect(ids).toContain(w.gid.publishedListing);
  expect(ids).not.toContain(w.gid.draftListing);
  expect(ids).not.toContain(w.gid.unpublishedClosedListing);
}

const hiddenNode = (id: (w: World) => string, also: Partial<Record<Caller, Expected>> = {}): Case => ({
  ids: { id },
  as: { anonymous: 'NULL', stranger: 'NULL', otherEmployer: 'NULL', ...also },
});

export const MATRIX: Record<string, Case[]> = {
  'Query.contract': [{ ids: { id: (w) => w.gid.contract }, as: strangers }],
  'Query.conversation': [{ ids: { id: (w) => w.gid.conversation }, as: { ...strangers, member: 'NOT_FOUND' } }],
  'Query.employer': [
    {
      ids: { id: (w) => w.gid.employer },
      as: { anonymous: 'PUBLIC', stranger: 'PUBLIC', otherEmployer: 'PUBLIC', worker: 'PUBLIC' },
      selection: EMPLOYER_PRIVATE,
      check: checkEmployerIsPublicOnly,
    },
  ],
  'Query.listing': [
    { ids: { id: (w) => w.gid.draftListing }, as: { anonymous: 'NOT_FOUND', stranger: 'NOT_FOUND', otherEmployer: 'NOT_FOUND', worker: 'NOT_FOUND' } },
    { ids: { id: (w) => w.gid.unpublishedClosedListing }, as: { anonymous: 'NOT_FOUND', stranger: 'NOT_FOUND', otherEmployer: 'NOT_FOUND', worker: 'NOT_FOUND' } },
  ],
  'Query.listings': [
    {
      ids: { 'filter.employerId': (w) => w.gid.employer },
      as: { anonymous: 'PUBLIC', stranger: 'PUBLIC', worker: 'PUBLIC' },
      selection: '{ edges { node { id } } }',
      check: (connection, w) => {
        const ids = connection.edges.map((edge: { node: { id: string } }) => edge.node.id);
        expect(ids).toEqual([w.gid.publishedListing]);
      },
    },
    // Ids of hidden objects where taxonomy ids belong: refused like any id that is not one.
    {
      ids: { 'filter.technologyIds': (w) => [w.gid.draftListing], 'filter.projectTypeIds': (w) => [w.gid.contract] },
      as: { anonymous: 'BAD_USER_INPUT', stranger: 'BAD_USER_INPUT' },
    },
  ],
  'Query.node': [
    hiddenNode((w) => w.gid.draftListing, { worker: 'NULL' }),
    hiddenNode((w) => w.gid.unpublishedClosedListing, { worker: 'NULL' }),
    hiddenNode((w) => w.gid.conversation, { member: 'NULL' }),
    hiddenNode((w) => w.gid.message, { member: 'NULL' }),
    hiddenNode((w) => w.gid.contract),
    hiddenNode((w) => w.gid.contractDetails),
    hiddenNode((w) => w.gid.contractEvent),
    hiddenNode((w) => w.gid.changeOrder),
    hiddenNode((w) => w.gid.payment, { worker: 'NULL' }),
    hiddenNode((w) => w.gid.notification, { worker: 'NULL', member: 'NULL' }),
    hiddenNode((w) => w.gid.savedSearch, { poster: 'NULL' }),
    hiddenNode((w) => w.gid.hiddenReview, { poster: 'NULL', member: 'NULL' }),
  ],
  'Query.user': [
    {
      ids: { id: (w) => w.gid.workerUser },
      as: { anonymous: 'PUBLIC', stranger: 'PUBLIC', otherEmployer: 'PUBLIC', poster: 'PUBLIC', member: 'PUBLIC' },
      selection: '{ id email employers { id } profile { displayName } freelancerRating { count } }',
      check: (user, w) => expect(user).toMatchObject({ id: w.gid.workerUser, email: null, employers: null, freelancerRating: { count: 1 } }),
    },
  ],

  'Mutation.acceptChangeOrder': [{ ids: { id: (w) => w.gid.changeOrder }, as: { ...strangers, worker: 'FORBIDDEN', member: 'FORBIDDEN' } }],
  'Mutation.rejectChangeOrder': [{ ids: { id: (w) => w.gid.changeOrder }, as: { ...strangers, worker: 'FORBIDDEN', member: 'FORBIDDEN' } }],
  'Mutation.withdrawChangeOrder': [{ ids: { id: (w) => w.gid.changeOrder }, as: { ...strangers, poster: 'FORBIDDEN', member: 'FORBIDDEN' } }],
  'Mutation.addEmployerMember': [
    {
      ids: { 'input.employerId': (w) => w.gid.employer },
      args: { 'input.email': (w) => w.users.stranger.user.email },
      as: { anonymous: 'UNAUTHENTICATED', stranger: 'FORBIDDEN', otherEmployer: 'FORBIDDEN', member: 'FORBIDDEN' },
    },
  ],
  'Mutation.removeEmployerMember': [
    {
      // The worker is no member: members may remove only themselves, outsiders no one.
      ids: { employerId: (w) => w.gid.employer, userId: (w) => w.gid.workerUser },
      as: { anonymous: 'UNAUTHENTICATED', stranger: 'FORBIDDEN', otherEmployer: 'FORBIDDEN', worker: 'FORBIDDEN', member: 'FORBIDDEN' },
    },
  ],
  'Mutation.closeListing': listingMutation('id'),
  'Mutation.publishListing': listingMutation('id'),
  'Mutation.renewListing': listingMutation('id'),
  'Mutation.updateListing': listingMutation('input.id'),
  'Mutation.confirmTestCheckout': [{ ids: { id: (w) => w.gid.payment }, as: { ...strangers, worker: 'NOT_FOUND' } }],
  'Mutation.createContract': [{ ids: { conversationId: (w) => w.gid.conversation }, as: { ...strangers, member: 'NOT_FOUND', worker: 'FORBIDDEN' } }],
  'Mutation.createListing': [
    {
      ids: { 'input.employerId': (w) => w.gid.employer },
      as: { anonymous: 'UNAUTHENTICATED', stranger: 'FORBIDDEN', otherEmployer: 'FORBIDDEN', worker: 'FORBIDDEN' },
    },
  ],
  'Mutation.deleteSavedSearch': [{ ids: { id: (w) => w.gid.savedSearch }, as: { anonymous: 'UNAUTHENTICATED', stranger: 'NOT_FOUND', poster: 'NOT_FOUND' } }],
  'Mutation.markConversationRead': [{ ids: { conversationId: (w) => w.gid.conversation }, as: { ...strangers, member: 'NOT_FOUND' } }],
  // Someone else's notification ids are skipped exactly like unknown ones (the viewer's own are marked).
  'Mutation.markNotificationsRead': [
    {
      ids: { ids: (w) => [w.gid.notification] },
      as: { anonymous: 'UNAUTHENTICATED', stranger: 'IGNORED', worker: 'IGNORED', member: 'IGNORED' },
      selection: '{ markedCount unreadCount }',
    },
  ],
  'Mutation.saveSearch': [
    {
      ids: {
        'input.filter.technologyIds': (w) => [w.gid.draftListing],
        'input.filter.projectTypeIds': (w) => [w.gid.contract],
        'input.filter.projectSuperTypeIds': (w) => [w.gid.payment],
      },
      as: { anonymous: 'UNAUTHENTICATED', stranger: 'BAD_USER_INPUT', worker: 'BAD_USER_INPUT' },
    },
  ],
  'Mutation.sendMessage': [{ ids: { conversationId: (w) => w.gid.conversation }, as: { ...strangers, member: 'NOT_FOUND' } }],
  'Mutation.setTyping': [{ ids: { conversationId: (w) => w.gid.conversation }, as: { ...strangers, member: 'NOT_FOUND' } }],
  'Mutation.signContract': [{ ids: { contractId: (w) => w.gid.contract }, as: { ...strangers, member: 'FORBIDDEN' } }],
  'Mutation.startConversation': [
    { ids: { listingId: (w) => w.gid.draftListing }, as: { ...strangers, worker: 'NOT_FOUND', member: 'FORBIDDEN' } },
    { ids: { listingId: (w) => w.gid.unpublishedClosedListing }, as: { ...strangers, worker: 'NOT_FOUND', member: 'FORBIDDEN' } },
  ],
  'Mutation.startCreditCheckout': [
    { ids: { employerId: (w) => w.gid.employer }, as: { anonymous: 'UNAUTHENTICATED', stranger: 'FORBIDDEN', otherEmployer: 'FORBIDDEN', worker: 'FORBIDDEN' } },
  ],
  'Mutation.submitChangeOrder': [{ ids: { contractId: (w) => w.gid.contract }, as: { ...strangers, poster: 'FORBIDDEN', member: 'FORBIDDEN' } }],
  // Skills are taxonomy ids: ids of other objects are refused like any id that is not a technology's.
  'Mutation.updateProfile': [
    { ids: { 'input.skillIds': (w) => [w.gid.draftListing] }, as: { anonymous: 'UNAUTHENTICATED', stranger: 'BAD_USER_INPUT', worker: 'BAD_USER_INPUT' } },
  ],
  'Mutation.requestContractCompletion': [{ ids: { contractId: (w) => w.gid.contract }, as: { ...strangers, poster: 'FORBIDDEN', member: 'FORBIDDEN' } }],
  'Mutation.completeContract': [{ ids: { contractId: (w) => w.gid.contract }, as: { ...strangers, worker: 'FORBIDDEN', member: 'FORBIDDEN' } }],
  'Mutation.declineContractCompletion': [{ ids: { contractId: (w) => w.gid.contract }, as: { ...strangers, worker: 'FORBIDDEN', member: 'FORBIDDEN' } }],
  'Mutation.cancelContract': [{ ids: { contractId: (w) => w.gid.contract }, as: { ...strangers, member: 'FORBIDDEN' } }],
  'Mutation.submitReview': [{ ids: { contractId: (w) => w.gid.endedContract }, as: { ...strangers, member: 'FORBIDDEN' } }],
  'Mutation.replyToReview': [
    // Hidden until the poster reviews too: the reviewee is told exactly what an unknown id tells.
    { ids: { reviewId: (w) => w.gid.hiddenReview }, as: { ...strangers, poster: 'NOT_FOUND', member: 'NOT_FOUND' } },
    // Public: anyone may learn it exists; only the user it is about replies.
    {
      ids: { reviewId: (w) => w.gid.publishedReview },
      as: { anonymous: 'UNAUTHENTICATED', stranger: 'FORBIDDEN', otherEmployer: 'FORBIDDEN', member: 'FORBIDDEN', worker: 'FORBIDDEN' },
    },
  ],
  'Mutation.updateContractDetails': [{ ids: { contractId: (w) => w.gid.contract }, as: { ...strangers, worker: 'FORBIDDEN', member: 'FORBIDDEN' } }],

  'Subscription.messageAdded': [{ ids: { conversationId: (w) => w.gid.conversation }, as: { ...strangers, member: 'NOT_FOUND' } }],
  'Subscription.conversationEvents': [{ ids: { conversationId: (w) => w.gid.conversation }, as: { ...strangers, member: 'NOT_FOUND' } }],
  'Subscription.contractUpdated': [{ ids: { contractId: (w) => w.gid.contract }, as: strangers }],
};
