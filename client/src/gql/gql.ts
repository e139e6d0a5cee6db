/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query NotificationBell {\n    notifications(first: 1) {\n      unreadCount\n    }\n  }\n": typeof types.NotificationBellDocument,
    "\n  query InboxBadge {\n    conversations(first: 100) {\n      edges {\n        node {\n          id\n          unreadCount\n        }\n      }\n    }\n  }\n": typeof types.InboxBadgeDocument,
    "\n  subscription NotificationAdded {\n    notificationAdded {\n      id\n      kind\n      ...NotificationItem_notification\n    }\n  }\n": typeof types.NotificationAddedDocument,
    "\n  mutation ResendVerificationEmail {\n    resendVerificationEmail {\n      sent\n      emailVerified\n      nextAllowedAt\n    }\n  }\n": typeof types.ResendVerificationEmailDocument,
    "\n  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input)\n  }\n": typeof types.RequestPasswordResetDocument,
    "\n  fragment ProfileForm_user on User {\n    id\n    profile {\n      displayName\n      headline\n      biography\n      location\n      hourlyRate {\n        cents\n        currency\n      }\n      links {\n        url\n        label\n      }\n      skills {\n        id\n      }\n    }\n  }\n": typeof types.ProfileForm_UserFragmentDoc,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      ...ProfileForm_user\n    }\n  }\n": typeof types.UpdateProfileDocument,
    "\n  query ProfilePage {\n    me {\n      id\n      email\n      createdAt\n      ...ProfileForm_user\n      employers {\n        id\n        name\n        viewerRole\n      }\n    }\n  }\n": typeof types.ProfilePageDocument,
    "\n  mutation ResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input)\n  }\n": typeof types.ResetPasswordDocument,
    "\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      token\n      user {\n        id\n      }\n    }\n  }\n": typeof types.SignInDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      token\n      user {\n        id\n      }\n    }\n  }\n": typeof types.SignUpDocument,
    "\n  mutation VerifyEmail($input: VerifyEmailInput!) {\n    verifyEmail(input: $input)\n  }\n": typeof types.VerifyEmailDocument,
    "\n  query CataloguePage($filter: ListingFilter, $first: Int, $after: String, $sort: ListingSort) {\n    listings(filter: $filter, first: $first, after: $after, sort: $sort) {\n      totalCount\n      totalCountIsApproximate\n      suggestedQuery\n      facets {\n        remote {\n          count\n        }\n        budget {\n          currency\n          bands {\n            kind\n            minCents\n            maxCents\n            count\n          }\n        }\n        projectTypes {\n          count\n          projectType {\n            id\n            name\n          }\n        }\n        technologies {\n          count\n          technology {\n            id\n            name\n          }\n        }\n      }\n      edges {\n        cursor\n        textMatches {\n          property\n          fragment\n          highlights {\n            beginIndice\n            endIndice\n          }\n        }\n        node {\n          id\n          ...ListingCard_listing\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.CataloguePageDocument,
    "\n  query CatalogueFilterNames {\n    projectTypes {\n      id\n      name\n    }\n    technologies {\n      id\n      name\n    }\n  }\n": typeof types.CatalogueFilterNamesDocument,
    "\n  mutation SaveSearch($input: SaveSearchInput!) {\n    saveSearch(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.SaveSearchDocument,
    "\n  fragment ListingCard_listing on Listing {\n    id\n    title\n    description\n    status\n    publishedAt\n    createdAt\n    ...ListingTerms_listing\n    projectType {\n      id\n      name\n    }\n    technologies {\n      id\n      name\n    }\n    employer {\n      id\n      name\n      rating {\n        ...RatingBadge_rating\n      }\n    }\n  }\n": typeof types.ListingCard_ListingFragmentDoc,
    "\n  query ListingPage($id: ID!) {\n    listing(id: $id) {\n      id\n      title\n      description\n      createdAt\n      ...ListingStatus_listing\n      ...ListingTerms_listing\n      projectType {\n        id\n        name\n      }\n      technologies {\n        id\n        name\n        technologyClass {\n          id\n          name\n        }\n      }\n      employer {\n        id\n        name\n        aboutUs\n        logoUrl\n        viewerRole\n        rating {\n          ...RatingBadge_rating\n        }\n      }\n    }\n  }\n": typeof types.ListingPageDocument,
    "\n  mutation StartConversation($listingId: ID!, $body: String!) {\n    startConversation(listingId: $listingId, body: $body) {\n      id\n    }\n  }\n": typeof types.StartConversationDocument,
    "\n  query MyConversations {\n    conversations(first: 100) {\n      edges {\n        node {\n          id\n          listing {\n            id\n          }\n        }\n      }\n    }\n  }\n": typeof types.MyConversationsDocument,
    "\n  mutation CloseListing($id: ID!) {\n    closeListing(id: $id) {\n      id\n      ...ListingStatus_listing\n    }\n  }\n": typeof types.CloseListingDocument,
    "\n  fragment ListingTerms_listing on Listing {\n    budget {\n      kind\n      minCents\n      maxCents\n      currency\n    }\n    duration {\n      weeks\n      hoursPerWeek\n    }\n    location {\n      kind\n      city\n      countryCode\n      timeZoneWindow {\n        fromUtcOffsetMinutes\n        toUtcOffsetMinutes\n      }\n    }\n  }\n": typeof types.ListingTerms_ListingFragmentDoc,
    "\n  query SearchSuggestions($prefix: String!, $first: Int) {\n    searchSuggestions(prefix: $prefix, first: $first) {\n      text\n      kind\n      count\n      technology {\n        id\n      }\n      projectType {\n        id\n      }\n    }\n  }\n": typeof types.SearchSuggestionsDocument,
    "\n  fragment ListingStatus_listing on Listing {\n    id\n    status\n    active\n    publishedAt\n    closedAt\n  }\n": typeof types.ListingStatus_ListingFragmentDoc,
    "\n  fragment AuditTrail_contract on Contract {\n    id\n    events {\n      id\n      kind\n      version\n      contentHash\n      createdAt\n      reason\n      actor {\n        id\n        profile {\n          displayName\n        }\n      }\n    }\n  }\n": typeof types.AuditTrail_ContractFragmentDoc,
    "\n  fragment ChangeOrders_contract on Contract {\n    id\n    status\n    viewerRole\n    viewerCanDecideChangeOrders\n    acceptedPriceChangeCents\n    acceptedScheduleChangeDays\n    changeOrders {\n      id\n      status\n      ...ChangeOrderCard_changeOrder\n    }\n  }\n": typeof types.ChangeOrders_ContractFragmentDoc,
    "\n  fragment ChangeOrderCard_changeOrder on ChangeOrder {\n    id\n    status\n    changes\n    priceChangeCents\n    scheduleChangeDays\n    createdAt\n    decidedAt\n    reason\n    createdBy {\n      id\n      profile {\n        displayName\n      }\n    }\n  }\n": typeof types.ChangeOrderCard_ChangeOrderFragmentDoc,
    "\n  mutation SubmitChangeOrder($contractId: ID!, $changes: ChangeOrderInput!) {\n    submitChangeOrder(contractId: $contractId, changes: $changes) {\n      id\n      status\n    }\n  }\n": typeof types.SubmitChangeOrderDocument,
    "\n  mutation AcceptChangeOrder($id: ID!) {\n    acceptChangeOrder(id: $id) {\n      id\n      status\n      acceptedAt\n      decidedAt\n    }\n  }\n": typeof types.AcceptChangeOrderDocument,
    "\n  mutation RejectChangeOrder($id: ID!, $reason: String!) {\n    rejectChangeOrder(id: $id, reason: $reason) {\n      id\n      status\n      reason\n      decidedAt\n    }\n  }\n": typeof types.RejectChangeOrderDocument,
    "\n  mutation WithdrawChangeOrder($id: ID!) {\n    withdrawChangeOrder(id: $id) {\n      id\n      status\n      decidedAt\n    }\n  }\n": typeof types.WithdrawChangeOrderDocument,
    "\n  fragment ContractDetails_details on ContractDetails {\n    id\n    version\n    descriptionOfServices\n    deliverables\n    projectSchedule\n    pricingAndRates\n    paymentTermsAndSchedule\n    termsAndConditions\n  }\n": typeof types.ContractDetails_DetailsFragmentDoc,
    "\n  mutation UpdateContractDetails($contractId: ID!, $expectedVersion: Int!, $input: ContractDetailsInput!) {\n    updateContractDetails(contractId: $contractId, expectedVersion: $expectedVersion, input: $input) {\n      id\n      ...SignaturePanel_contract\n      currentDetails {\n        id\n        version\n      }\n    }\n  }\n": typeof types.UpdateContractDetailsDocument,
    "\n  fragment ContractEnding_contract on Contract {\n    id\n    status\n    viewerSide\n    viewerCanComplete\n    viewerCanDeclineCompletion\n    viewerCanRequestCompletion\n    viewerCanCancel\n    completionRequestedAt\n    completionNote\n    completedAt\n    cancelledAt\n    cancellationReason\n    cancelledBy {\n      id\n      profile {\n        displayName\n      }\n    }\n    changeOrders {\n      id\n      status\n    }\n    events {\n      id\n      kind\n      reason\n      createdAt\n    }\n  }\n": typeof types.ContractEnding_ContractFragmentDoc,
    "\n  mutation RequestContractCompletion($contractId: ID!, $note: String!) {\n    requestContractCompletion(contractId: $contractId, note: $note) {\n      id\n      status\n      completionRequestedAt\n      completionNote\n    }\n  }\n": typeof types.RequestContractCompletionDocument,
    "\n  mutation CompleteContract($contractId: ID!) {\n    completeContract(contractId: $contractId) {\n      id\n      status\n      completedAt\n    }\n  }\n": typeof types.CompleteContractDocument,
    "\n  mutation DeclineContractCompletion($contractId: ID!, $reason: String!) {\n    declineContractCompletion(contractId: $contractId, reason: $reason) {\n      id\n      status\n      completionRequestedAt\n      completionNote\n    }\n  }\n": typeof types.DeclineContractCompletionDocument,
    "\n  mutation CancelContract($contractId: ID!, $reason: String!) {\n    cancelContract(contractId: $contractId, reason: $reason) {\n      id\n      status\n      cancelledAt\n      cancellationReason\n    }\n  }\n": typeof types.CancelContractDocument,
    "\n  query ContractPage($id: ID!) {\n    contract(id: $id) {\n      id\n      ...ContractSummary_contract\n      currentDetails {\n        id\n        version\n        locked\n        lockedAt\n        contentHash\n        complete\n        ...ContractDetails_details\n      }\n      ...SignaturePanel_contract\n      ...VersionHistory_contract\n      ...ChangeOrders_contract\n      ...AuditTrail_contract\n      ...ContractEnding_contract\n      ...ContractReviews_contract\n      ...WorkerReputation_contract\n    }\n  }\n": typeof types.ContractPageDocument,
    "\n  subscription ContractUpdated($contractId: ID!) {\n    contractUpdated(contractId: $contractId) {\n      kind\n    }\n  }\n": typeof types.ContractUpdatedDocument,
    "\n  fragment SignaturePanel_contract on Contract {\n    id\n    status\n    viewerRole\n    employerSignedAt\n    employerSignedVersion\n    workerSignedAt\n    workerSignedVersion\n    ...ContractParties_contract\n    currentDetails {\n      id\n      version\n      contentHash\n      complete\n      locked\n    }\n  }\n": typeof types.SignaturePanel_ContractFragmentDoc,
    "\n  mutation SignContract($contractId: ID!, $version: Int!) {\n    signContract(contractId: $contractId, version: $version) {\n      id\n      ...SignaturePanel_contract\n      currentDetails {\n        id\n        lockedAt\n      }\n    }\n  }\n": typeof types.SignContractDocument,
    "\n  fragment ContractReviews_contract on Contract {\n    id\n    viewerRole\n    viewerSide\n    reviewWindowClosesAt\n    viewerCanReview\n    viewerHasBeenReviewed\n    ...ContractParties_contract\n    reviews {\n      id\n      publishedAt\n      author {\n        id\n      }\n      ...ReviewItem_review\n    }\n  }\n": typeof types.ContractReviews_ContractFragmentDoc,
    "\n  fragment WorkerReputation_contract on Contract {\n    worker {\n      id\n      profile {\n        displayName\n      }\n      completedContractsCount\n      freelancerRating {\n        ...RatingBadge_rating\n      }\n    }\n  }\n": typeof types.WorkerReputation_ContractFragmentDoc,
    "\n  mutation SubmitReview($contractId: ID!, $input: ReviewInput!) {\n    submitReview(contractId: $contractId, input: $input) {\n      id\n      publishedAt\n    }\n  }\n": typeof types.SubmitReviewDocument,
    "\n  query ContractsPage {\n    contracts {\n      id\n      ...ContractSummary_contract\n      ...ContractTurn_contract\n    }\n  }\n": typeof types.ContractsPageDocument,
    "\n  fragment ContractTurn_contract on Contract {\n    status\n    viewerRole\n    employerSignedVersion\n    workerSignedVersion\n    currentDetails {\n      id\n      version\n      complete\n    }\n  }\n": typeof types.ContractTurn_ContractFragmentDoc,
    "\n  fragment VersionHistory_contract on Contract {\n    id\n    employerSignedVersion\n    workerSignedVersion\n    versions {\n      id\n      version\n      contentHash\n      createdAt\n      locked\n      createdBy {\n        id\n        profile {\n          displayName\n        }\n      }\n    }\n  }\n": typeof types.VersionHistory_ContractFragmentDoc,
    "\n  query ContractDiff($id: ID!, $from: Int!, $to: Int!) {\n    contract(id: $id) {\n      id\n      diff(from: $from, to: $to) {\n        field\n        changed\n        lines {\n          kind\n          text\n        }\n      }\n    }\n  }\n": typeof types.ContractDiffDocument,
    "\n  fragment ContractSummary_contract on Contract {\n    id\n    status\n    viewerRole\n    createdAt\n    listing {\n      id\n      title\n    }\n    ...ContractParties_contract\n  }\n": typeof types.ContractSummary_ContractFragmentDoc,
    "\n  fragment ContractParties_contract on Contract {\n    employer {\n      id\n      name\n    }\n    employerUser {\n      id\n      profile {\n        displayName\n      }\n    }\n    worker {\n      id\n      profile {\n        displayName\n      }\n    }\n  }\n": typeof types.ContractParties_ContractFragmentDoc,
    "\n  query CreditsPage($employerId: ID!) {\n    creditPricing {\n      unitAmountCents\n      currency\n      mode\n    }\n    employer(id: $employerId) {\n      id\n      name\n      credits\n      creditLedger {\n        purchases {\n          id\n          quantity\n          amountCents\n          currency\n          status\n          createdAt\n          paidAt\n        }\n        spends {\n          listingId\n          spentAt\n          listing {\n            id\n            title\n          }\n        }\n      }\n    }\n  }\n": typeof types.CreditsPageDocument,
    "\n  query TestCheckout($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on Payment {\n        quantity\n        amountCents\n        currency\n        status\n        provider\n        employer {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.TestCheckoutDocument,
    "\n  mutation ConfirmTestCheckout($id: ID!) {\n    confirmTestCheckout(id: $id) {\n      id\n      status\n      paidAt\n      employer {\n        id\n        credits\n      }\n    }\n  }\n": typeof types.ConfirmTestCheckoutDocument,
    "\n  mutation StartCreditCheckout($employerId: ID!, $quantity: Int!) {\n    startCreditCheckout(employerId: $employerId, quantity: $quantity) {\n      id\n      url\n    }\n  }\n": typeof types.StartCreditCheckoutDocument,
    "\n  mutation CreateEmployer($input: CreateEmployerInput!) {\n    createEmployer(input: $input) {\n      id\n      name\n      viewerRole\n    }\n  }\n": typeof types.CreateEmployerDocument,
    "\n  query EmployerPage($id: ID!) {\n    employer(id: $id) {\n      id\n      name\n      aboutUs\n      logoUrl\n      createdAt\n      viewerRole\n      credits\n      completedContractsCount\n      rating {\n        count\n        ...RatingBadge_rating\n      }\n      ...Members_employer\n      ...PostingPeriods_employer\n      published: listings(status: PUBLISHED, first: 50) {\n        totalCount\n        edges {\n          node {\n            id\n            ...ListingCard_listing\n          }\n        }\n      }\n      drafts: listings(status: DRAFT, first: 50) {\n        edges {\n          node {\n            id\n            title\n            updatedAt\n          }\n        }\n      }\n    }\n  }\n": typeof types.EmployerPageDocument,
    "\n  mutation AddEmployerMember($input: AddEmployerMemberInput!) {\n    addEmployerMember(input: $input) {\n      id\n      ...Members_employer\n    }\n  }\n": typeof types.AddEmployerMemberDocument,
    "\n  fragment Members_employer on Employer {\n    id\n    members {\n      role\n      joinedAt\n      user {\n        id\n        profile {\n          displayName\n        }\n      }\n    }\n  }\n": typeof types.Members_EmployerFragmentDoc,
    "\n  fragment PostingPeriods_employer on Employer {\n    id\n    running: listings(status: PUBLISHED, first: 50) {\n      edges {\n        node {\n          ...PostingPeriod_listing\n        }\n      }\n    }\n    expired: listings(status: EXPIRED, first: 50) {\n      edges {\n        node {\n          ...PostingPeriod_listing\n        }\n      }\n    }\n  }\n": typeof types.PostingPeriods_EmployerFragmentDoc,
    "\n  fragment PostingPeriod_listing on Listing {\n    id\n    title\n    status\n    expiresAt\n  }\n": typeof types.PostingPeriod_ListingFragmentDoc,
    "\n  mutation RenewListing($id: ID!) {\n    renewListing(id: $id) {\n      id\n      status\n      active\n      expiresAt\n    }\n  }\n": typeof types.RenewListingDocument,
    "\n  fragment ChatMessage_message on Message {\n    id\n    body\n    read\n    readAt\n    createdAt\n    from {\n      id\n    }\n  }\n": typeof types.ChatMessage_MessageFragmentDoc,
    "\n  mutation SetTyping($conversationId: ID!) {\n    setTyping(conversationId: $conversationId)\n  }\n": typeof types.SetTypingDocument,
    "\n  mutation CreateContract($conversationId: ID!) {\n    createContract(conversationId: $conversationId) {\n      id\n      status\n    }\n  }\n": typeof types.CreateContractDocument,
    "\n  query InboxPage($after: String) {\n    conversations(first: 30, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          ...ConversationListItem_conversation\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.InboxPageDocument,
    "\n  fragment ConversationListItem_conversation on Conversation {\n    id\n    unreadCount\n    lastMessageAt\n    listing {\n      id\n      title\n    }\n    ...OtherParty_conversation\n    freelancer {\n      id\n      freelancerRating {\n        ...RatingBadge_rating\n      }\n    }\n    lastMessage {\n      id\n      body\n      from {\n        id\n      }\n    }\n  }\n": typeof types.ConversationListItem_ConversationFragmentDoc,
    "\n  fragment OtherParty_conversation on Conversation {\n    freelancer {\n      id\n      profile {\n        displayName\n      }\n    }\n    poster {\n      id\n      profile {\n        displayName\n      }\n    }\n  }\n": typeof types.OtherParty_ConversationFragmentDoc,
    "\n  mutation SendMessage($conversationId: ID!, $body: String!, $clientMessageId: String) {\n    sendMessage(conversationId: $conversationId, body: $body, clientMessageId: $clientMessageId) {\n      id\n      cursor\n      ...ChatMessage_message\n    }\n  }\n": typeof types.SendMessageDocument,
    "\n  query ConversationPage($id: ID!, $before: String) {\n    conversation(id: $id) {\n      id\n      unreadCount\n      listing {\n        id\n        title\n        employer {\n          id\n          name\n        }\n      }\n      ...OtherParty_conversation\n      contract {\n        id\n        status\n      }\n      messages(last: 50, before: $before) {\n        edges {\n          cursor\n          node {\n            id\n            ...ChatMessage_message\n          }\n        }\n        pageInfo {\n          hasPreviousPage\n          startCursor\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.ConversationPageDocument,
    "\n  subscription ConversationEvents($conversationId: ID!) {\n    conversationEvents(conversationId: $conversationId) {\n      __typename\n      ... on MessageAddedEvent {\n        message {\n          id\n          cursor\n          ...ChatMessage_message\n        }\n      }\n      ... on MessagesReadEvent {\n        readAt\n        lastReadMessage {\n          id\n        }\n        reader {\n          id\n        }\n      }\n      ... on TypingEvent {\n        at\n        user {\n          id\n        }\n      }\n    }\n  }\n": typeof types.ConversationEventsDocument,
    "\n  mutation MarkConversationRead($conversationId: ID!) {\n    markConversationRead(conversationId: $conversationId) {\n      id\n      unreadCount\n    }\n  }\n": typeof types.MarkConversationReadDocument,
    "\n  query NotificationsPage($after: String) {\n    notifications(first: 30, after: $after) {\n      unreadCount\n      edges {\n        cursor\n        node {\n          id\n          ...NotificationItem_notification\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.NotificationsPageDocument,
    "\n  mutation MarkNotificationsRead($ids: [ID!]) {\n    markNotificationsRead(ids: $ids) {\n      markedCount\n      unreadCount\n    }\n  }\n": typeof types.MarkNotificationsReadDocument,
    "\n  fragment NotificationItem_notification on Notification {\n    id\n    kind\n    payload\n    createdAt\n    readAt\n  }\n": typeof types.NotificationItem_NotificationFragmentDoc,
    "\n  query SavedSearchesPage {\n    savedSearches {\n      id\n      name\n      createdAt\n      filter {\n        search\n        technologies {\n          id\n          name\n        }\n        projectTypes {\n          id\n          name\n        }\n        budget {\n          currency\n          minCents\n          maxCents\n        }\n        budgetKind\n        remoteOnly\n      }\n    }\n  }\n": typeof types.SavedSearchesPageDocument,
    "\n  mutation DeleteSavedSearch($id: ID!) {\n    deleteSavedSearch(id: $id)\n  }\n": typeof types.DeleteSavedSearchDocument,
    "\n  query RecentNotifications {\n    notifications(first: 50) {\n      edges {\n        node {\n          id\n          readAt\n          payload\n        }\n      }\n    }\n  }\n": typeof types.RecentNotificationsDocument,
    "\n  mutation ReadNotificationsAbout($ids: [ID!]) {\n    markNotificationsRead(ids: $ids) {\n      markedCount\n      unreadCount\n    }\n  }\n": typeof types.ReadNotificationsAboutDocument,
    "\n  query PostWizardEmployers {\n    me {\n      id\n      employers {\n        id\n        name\n        credits\n        listings(status: DRAFT, first: 20) {\n          edges {\n            node {\n              id\n              title\n              updatedAt\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.PostWizardEmployersDocument,
    "\n  mutation CreateListing($input: CreateListingInput!) {\n    createListing(input: $input) {\n      id\n      ...SavedDraftWizard_listing\n    }\n  }\n": typeof types.CreateListingDocument,
    "\n  mutation PublishListing($id: ID!) {\n    publishListing(id: $id) {\n      id\n      ...ListingStatus_listing\n      employer {\n        id\n        credits\n      }\n    }\n  }\n": typeof types.PublishListingDocument,
    "\n  query CreditPricing {\n    creditPricing {\n      unitAmountCents\n      currency\n      mode\n    }\n  }\n": typeof types.CreditPricingDocument,
    "\n  fragment SavedDraftWizard_listing on Listing {\n    id\n    title\n    description\n    status\n    updatedAt\n    projectType {\n      id\n      name\n    }\n    technologies {\n      id\n      name\n    }\n    budget {\n      kind\n      minCents\n      maxCents\n      currency\n    }\n    duration {\n      weeks\n      hoursPerWeek\n    }\n    location {\n      kind\n      city\n      countryCode\n      timeZoneWindow {\n        fromUtcOffsetMinutes\n        toUtcOffsetMinutes\n      }\n    }\n  }\n": typeof types.SavedDraftWizard_ListingFragmentDoc,
    "\n  query PostWizardListing($id: ID!) {\n    listing(id: $id) {\n      id\n      ...SavedDraftWizard_listing\n      employer {\n        id\n        name\n        credits\n        viewerRole\n      }\n    }\n  }\n": typeof types.PostWizardListingDocument,
    "\n  mutation UpdateListing($input: UpdateListingInput!) {\n    updateListing(input: $input) {\n      id\n      ...SavedDraftWizard_listing\n    }\n  }\n": typeof types.UpdateListingDocument,
    "\n  query PostWizardTaxonomy {\n    projectSuperTypes {\n      id\n      name\n      projectTypes {\n        id\n        name\n      }\n    }\n    technologyClasses {\n      id\n      name\n      technologies {\n        id\n        name\n      }\n    }\n  }\n": typeof types.PostWizardTaxonomyDocument,
    "\n  query EmployerReviewsPage($id: ID!, $after: String) {\n    employer(id: $id) {\n      id\n      name\n      aboutUs\n      completedContractsCount\n      rating {\n        ...RatingBadge_rating\n      }\n      reviews(first: 10, after: $after) {\n        edges {\n          cursor\n          node {\n            id\n            ...ReviewItem_review\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.EmployerReviewsPageDocument,
    "\n  fragment RatingBadge_rating on Rating {\n    average\n    count\n  }\n": typeof types.RatingBadge_RatingFragmentDoc,
    "\n  fragment ReviewItem_review on Review {\n    id\n    rating\n    body\n    createdAt\n    publishedAt\n    reply\n    repliedAt\n    viewerCanReply\n    author {\n      id\n      profile {\n        displayName\n      }\n    }\n  }\n": typeof types.ReviewItem_ReviewFragmentDoc,
    "\n  mutation ReplyToReview($reviewId: ID!, $body: String!) {\n    replyToReview(reviewId: $reviewId, body: $body) {\n      id\n      ...ReviewItem_review\n    }\n  }\n": typeof types.ReplyToReviewDocument,
    "\n  query UserProfilePage($id: ID!, $after: String) {\n    user(id: $id) {\n      id\n      createdAt\n      completedContractsCount\n      profile {\n        displayName\n        headline\n        biography\n        location\n        hourlyRate {\n          cents\n          currency\n        }\n        links {\n          url\n          label\n        }\n        skills {\n          id\n          name\n        }\n      }\n      freelancerRating {\n        ...RatingBadge_rating\n      }\n      postsFor {\n        id\n        name\n        completedContractsCount\n        rating {\n          ...RatingBadge_rating\n        }\n      }\n      reviews(first: 10, after: $after) {\n        edges {\n          cursor\n          node {\n            id\n            ...ReviewItem_review\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.UserProfilePageDocument,
    "\n  query NotificationPreferences {\n    notificationPreferences {\n      kind\n      emailDigest\n    }\n  }\n": typeof types.NotificationPreferencesDocument,
    "\n  mutation UpdateNotificationPreferences($input: UpdateNotificationPreferencesInput!) {\n    updateNotificationPreferences(input: $input) {\n      kind\n      emailDigest\n    }\n  }\n": typeof types.UpdateNotificationPreferencesDocument,
    "\n  query Session {\n    me {\n      id\n      email\n      emailVerified\n      profile {\n        displayName\n      }\n      employers {\n        id\n        name\n      }\n    }\n  }\n": typeof types.SessionDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": typeof types.SignOutDocument,
};
const documents: Documents = {
    "\n  query NotificationBell {\n    notifications(first: 1) {\n      unreadCount\n    }\n  }\n": types.NotificationBellDocument,
    "\n  query InboxBadge {\n    conversations(first: 100) {\n      edges {\n        node {\n          id\n          unreadCount\n        }\n      }\n    }\n  }\n": types.InboxBadgeDocument,
    "\n  subscription NotificationAdded {\n    notificationAdded {\n      id\n      kind\n      ...NotificationItem_notification\n    }\n  }\n": types.NotificationAddedDocument,
    "\n  mutation ResendVerificationEmail {\n    resendVerificationEmail {\n      sent\n      emailVerified\n      nextAllowedAt\n    }\n  }\n": types.ResendVerificationEmailDocument,
    "\n  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input)\n  }\n": types.RequestPasswordResetDocument,
    "\n  fragment ProfileForm_user on User {\n    id\n    profile {\n      displayName\n      headline\n      biography\n      location\n      hourlyRate {\n        cents\n        currency\n      }\n      links {\n        url\n        label\n      }\n      skills {\n        id\n      }\n    }\n  }\n": types.ProfileForm_UserFragmentDoc,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      ...ProfileForm_user\n    }\n  }\n": types.UpdateProfileDocument,
    "\n  query ProfilePage {\n    me {\n      id\n      email\n      createdAt\n      ...ProfileForm_user\n      employers {\n        id\n        name\n        viewerRole\n      }\n    }\n  }\n": types.ProfilePageDocument,
    "\n  mutation ResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input)\n  }\n": types.ResetPasswordDocument,
    "\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      token\n      user {\n        id\n      }\n    }\n  }\n": types.SignInDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      token\n      user {\n        id\n      }\n    }\n  }\n": types.SignUpDocument,
    "\n  mutation VerifyEmail($input: VerifyEmailInput!) {\n    verifyEmail(input: $input)\n  }\n": types.VerifyEmailDocument,
    "\n  query CataloguePage($filter: ListingFilter, $first: Int, $after: String, $sort: ListingSort) {\n    listings(filter: $filter, first: $first, after: $after, sort: $sort) {\n      totalCount\n      totalCountIsApproximate\n      suggestedQuery\n      facets {\n        remote {\n          count\n        }\n        budget {\n          currency\n          bands {\n            kind\n            minCents\n            maxCents\n            count\n          }\n        }\n        projectTypes {\n          count\n          projectType {\n            id\n            name\n          }\n        }\n        technologies {\n          count\n          technology {\n            id\n            name\n          }\n        }\n      }\n      edges {\n        cursor\n        textMatches {\n          property\n          fragment\n          highlights {\n            beginIndice\n            endIndice\n          }\n        }\n        node {\n          id\n          ...ListingCard_listing\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.CataloguePageDocument,
    "\n  query CatalogueFilterNames {\n    projectTypes {\n      id\n      name\n    }\n    technologies {\n      id\n      name\n    }\n  }\n": types.CatalogueFilterNamesDocument,
    "\n  mutation SaveSearch($input: SaveSearchInput!) {\n    saveSearch(input: $input) {\n      id\n      name\n    }\n  }\n": types.SaveSearchDocument,
    "\n  fragment ListingCard_listing on Listing {\n    id\n    title\n    description\n    status\n    publishedAt\n    createdAt\n    ...ListingTerms_listing\n    projectType {\n      id\n      name\n    }\n    technologies {\n      id\n      name\n    }\n    employer {\n      id\n      name\n      rating {\n        ...RatingBadge_rating\n      }\n    }\n  }\n": types.ListingCard_ListingFragmentDoc,
    "\n  query ListingPage($id: ID!) {\n    listing(id: $id) {\n      id\n      title\n      description\n      createdAt\n      ...ListingStatus_listing\n      ...ListingTerms_listing\n      projectType {\n        id\n        name\n      }\n      technologies {\n        id\n        name\n        technologyClass {\n          id\n          name\n        }\n      }\n      employer {\n        id\n        name\n        aboutUs\n        logoUrl\n        viewerRole\n        rating {\n          ...RatingBadge_rating\n        }\n      }\n    }\n  }\n": types.ListingPageDocument,
    "\n  mutation StartConversation($listingId: ID!, $body: String!) {\n    startConversation(listingId: $listingId, body: $body) {\n      id\n    }\n  }\n": types.StartConversationDocument,
    "\n  query MyConversations {\n    conversations(first: 100) {\n      edges {\n        node {\n          id\n          listing {\n            id\n          }\n        }\n      }\n    }\n  }\n": types.MyConversationsDocument,
    "\n  mutation CloseListing($id: ID!) {\n    closeListing(id: $id) {\n      id\n      ...ListingStatus_listing\n    }\n  }\n": types.CloseListingDocument,
    "\n  fragment ListingTerms_listing on Listing {\n    budget {\n      kind\n      minCents\n      maxCents\n      currency\n    }\n    duration {\n      weeks\n      hoursPerWeek\n    }\n    location {\n      kind\n      city\n      countryCode\n      timeZoneWindow {\n        fromUtcOffsetMinutes\n        toUtcOffsetMinutes\n      }\n    }\n  }\n": types.ListingTerms_ListingFragmentDoc,
    "\n  query SearchSuggestions($prefix: String!, $first: Int) {\n    searchSuggestions(prefix: $prefix, first: $first) {\n      text\n      kind\n      count\n      technology {\n        id\n      }\n      projectType {\n        id\n      }\n    }\n  }\n": types.SearchSuggestionsDocument,
    "\n  fragment ListingStatus_listing on Listing {\n    id\n    status\n    active\n    publishedAt\n    closedAt\n  }\n": types.ListingStatus_ListingFragmentDoc,
    "\n  fragment AuditTrail_contract on Contract {\n    id\n    events {\n      id\n      kind\n      version\n      contentHash\n      createdAt\n      reason\n      actor {\n        id\n        profile {\n          displayName\n        }\n      }\n    }\n  }\n": types.AuditTrail_ContractFragmentDoc,
    "\n  fragment ChangeOrders_contract on Contract {\n    id\n    status\n    viewerRole\n    viewerCanDecideChangeOrders\n    acceptedPriceChangeCents\n    acceptedScheduleChangeDays\n    changeOrders {\n      id\n      status\n      ...ChangeOrderCard_changeOrder\n    }\n  }\n": types.ChangeOrders_ContractFragmentDoc,
    "\n  fragment ChangeOrderCard_changeOrder on ChangeOrder {\n    id\n    status\n    changes\n    priceChangeCents\n    scheduleChangeDays\n    createdAt\n    decidedAt\n    reason\n    createdBy {\n      id\n      profile {\n        displayName\n      }\n    }\n  }\n": types.ChangeOrderCard_ChangeOrderFragmentDoc,
    "\n  mutation SubmitChangeOrder($contractId: ID!, $changes: ChangeOrderInput!) {\n    submitChangeOrder(contractId: $contractId, changes: $changes) {\n      id\n      status\n    }\n  }\n": types.SubmitChangeOrderDocument,
    "\n  mutation AcceptChangeOrder($id: ID!) {\n    acceptChangeOrder(id: $id) {\n      id\n      status\n      acceptedAt\n      decidedAt\n    }\n  }\n": types.AcceptChangeOrderDocument,
    "\n  mutation RejectChangeOrder($id: ID!, $reason: String!) {\n    rejectChangeOrder(id: $id, reason: $reason) {\n      id\n      status\n      reason\n      decidedAt\n    }\n  }\n": types.RejectChangeOrderDocument,
    "\n  mutation WithdrawChangeOrder($id: ID!) {\n    withdrawChangeOrder(id: $id) {\n      id\n      status\n      decidedAt\n    }\n  }\n": types.WithdrawChangeOrderDocument,
    "\n  fragment ContractDetails_details on ContractDetails {\n    id\n    version\n    descriptionOfServices\n    deliverables\n    projectSchedule\n    pricingAndRates\n    paymentTermsAndSchedule\n    termsAndConditions\n  }\n": types.ContractDetails_DetailsFragmentDoc,
    "\n  mutation UpdateContractDetails($contractId: ID!, $expectedVersion: Int!, $input: ContractDetailsInput!) {\n    updateContractDetails(contractId: $contractId, expectedVersion: $expectedVersion, input: $input) {\n      id\n      ...SignaturePanel_contract\n      currentDetails {\n        id\n        version\n      }\n    }\n  }\n": types.UpdateContractDetailsDocument,
    "\n  fragment ContractEnding_contract on Contract {\n    id\n    status\n    viewerSide\n    viewerCanComplete\n    viewerCanDeclineCompletion\n    viewerCanRequestCompletion\n    viewerCanCancel\n    completionRequestedAt\n    completionNote\n    completedAt\n    cancelledAt\n    cancellationReason\n    cancelledBy {\n      id\n      profile {\n        displayName\n      }\n    }\n    changeOrders {\n      id\n      status\n    }\n    events {\n      id\n      kind\n      reason\n      createdAt\n    }\n  }\n": types.ContractEnding_ContractFragmentDoc,
    "\n  mutation RequestContractCompletion($contractId: ID!, $note: String!) {\n    requestContractCompletion(contractId: $contractId, note: $note) {\n      id\n      status\n      completionRequestedAt\n      completionNote\n    }\n  }\n": types.RequestContractCompletionDocument,
    "\n  mutation CompleteContract($contractId: ID!) {\n    completeContract(contractId: $contractId) {\n      id\n      status\n      completedAt\n    }\n  }\n": types.CompleteContractDocument,
    "\n  mutation DeclineContractCompletion($contractId: ID!, $reason: String!) {\n    declineContractCompletion(contractId: $contractId, reason: $reason) {\n      id\n      status\n      completionRequestedAt\n      completionNote\n    }\n  }\n": types.DeclineContractCompletionDocument,
    "\n  mutation CancelContract($contractId: ID!, $reason: String!) {\n    cancelContract(contractId: $contractId, reason: $reason) {\n      id\n      status\n      cancelledAt\n      cancellationReason\n    }\n  }\n": types.CancelContractDocument,
    "\n  query ContractPage($id: ID!) {\n    contract(id: $id) {\n      id\n      ...ContractSummary_contract\n      currentDetails {\n        id\n        version\n        locked\n        lockedAt\n        contentHash\n        complete\n        ...ContractDetails_details\n      }\n      ...SignaturePanel_contract\n      ...VersionHistory_contract\n      ...ChangeOrders_contract\n      ...AuditTrail_contract\n      ...ContractEnding_contract\n      ...ContractReviews_contract\n      ...WorkerReputation_contract\n    }\n  }\n": types.ContractPageDocument,
    "\n  subscription ContractUpdated($contractId: ID!) {\n    contractUpdated(contractId: $contractId) {\n      kind\n    }\n  }\n": types.ContractUpdatedDocument,
    "\n  fragment SignaturePanel_contract on Contract {\n    id\n    status\n    viewerRole\n    employerSignedAt\n    employerSignedVersion\n    workerSignedAt\n    workerSignedVersion\n    ...ContractParties_contract\n    currentDetails {\n      id\n      version\n      contentHash\n      complete\n      locked\n    }\n  }\n": types.SignaturePanel_ContractFragmentDoc,
    "\n  mutation SignContract($contractId: ID!, $version: Int!) {\n    signContract(contractId: $contractId, version: $version) {\n      id\n      ...SignaturePanel_contract\n      currentDetails {\n        id\n        lockedAt\n      }\n    }\n  }\n": types.SignContractDocument,
    "\n  fragment ContractReviews_contract on Contract {\n    id\n    viewerRole\n    viewerSide\n    reviewWindowClosesAt\n    viewerCanReview\n    viewerHasBeenReviewed\n    ...ContractParties_contract\n    reviews {\n      id\n      publishedAt\n      author {\n        id\n      }\n      ...ReviewItem_review\n    }\n  }\n": types.ContractReviews_ContractFragmentDoc,
    "\n  fragment WorkerReputation_contract on Contract {\n    worker {\n      id\n      profile {\n        displayName\n      }\n      completedContractsCount\n      freelancerRating {\n        ...RatingBadge_rating\n      }\n    }\n  }\n": types.WorkerReputation_ContractFragmentDoc,
    "\n  mutation SubmitReview($contractId: ID!, $input: ReviewInput!) {\n    submitReview(contractId: $contractId, input: $input) {\n      id\n      publishedAt\n    }\n  }\n": types.SubmitReviewDocument,
    "\n  query ContractsPage {\n    contracts {\n      id\n      ...ContractSummary_contract\n      ...ContractTurn_contract\n    }\n  }\n": types.ContractsPageDocument,
    "\n  fragment ContractTurn_contract on Contract {\n    status\n    viewerRole\n    employerSignedVersion\n    workerSignedVersion\n    currentDetails {\n      id\n      version\n      complete\n    }\n  }\n": types.ContractTurn_ContractFragmentDoc,
    "\n  fragment VersionHistory_contract on Contract {\n    id\n    employerSignedVersion\n    workerSignedVersion\n    versions {\n      id\n      version\n      contentHash\n      createdAt\n      locked\n      createdBy {\n        id\n        profile {\n          displayName\n        }\n      }\n    }\n  }\n": types.VersionHistory_ContractFragmentDoc,
    "\n  query ContractDiff($id: ID!, $from: Int!, $to: Int!) {\n    contract(id: $id) {\n      id\n      diff(from: $from, to: $to) {\n        field\n        changed\n        lines {\n          kind\n          text\n        }\n      }\n    }\n  }\n": types.ContractDiffDocument,
    "\n  fragment ContractSummary_contract on Contract {\n    id\n    status\n    viewerRole\n    createdAt\n    listing {\n      id\n      title\n    }\n    ...ContractParties_contract\n  }\n": types.ContractSummary_ContractFragmentDoc,
    "\n  fragment ContractParties_contract on Contract {\n    employer {\n      id\n      name\n    }\n    employerUser {\n      id\n      profile {\n        displayName\n      }\n    }\n    worker {\n      id\n      profile {\n        displayName\n      }\n    }\n  }\n": types.ContractParties_ContractFragmentDoc,
    "\n  query CreditsPage($employerId: ID!) {\n    creditPricing {\n      unitAmountCents\n      currency\n      mode\n    }\n    employer(id: $employerId) {\n      id\n      name\n      credits\n      creditLedger {\n        purchases {\n          id\n          quantity\n          amountCents\n          currency\n          status\n          createdAt\n          paidAt\n        }\n        spends {\n          listingId\n          spentAt\n          listing {\n            id\n            title\n          }\n        }\n      }\n    }\n  }\n": types.CreditsPageDocument,
    "\n  query TestCheckout($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on Payment {\n        quantity\n        amountCents\n        currency\n        status\n        provider\n        employer {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.TestCheckoutDocument,
    "\n  mutation ConfirmTestCheckout($id: ID!) {\n    confirmTestCheckout(id: $id) {\n      id\n      status\n      paidAt\n      employer {\n        id\n        credits\n      }\n    }\n  }\n": types.ConfirmTestCheckoutDocument,
    "\n  mutation StartCreditCheckout($employerId: ID!, $quantity: Int!) {\n    startCreditCheckout(employerId: $employerId, quantity: $quantity) {\n      id\n      url\n    }\n  }\n": types.StartCreditCheckoutDocument,
    "\n  mutation CreateEmployer($input: CreateEmployerInput!) {\n    createEmployer(input: $input) {\n      id\n      name\n      viewerRole\n    }\n  }\n": types.CreateEmployerDocument,
    "\n  query EmployerPage($id: ID!) {\n    employer(id: $id) {\n      id\n      name\n      aboutUs\n      logoUrl\n      createdAt\n      viewerRole\n      credits\n      completedContractsCount\n      rating {\n        count\n        ...RatingBadge_rating\n      }\n      ...Members_employer\n      ...PostingPeriods_employer\n      published: listings(status: PUBLISHED, first: 50) {\n        totalCount\n        edges {\n          node {\n            id\n            ...ListingCard_listing\n          }\n        }\n      }\n      drafts: listings(status: DRAFT, first: 50) {\n        edges {\n          node {\n            id\n            title\n            updatedAt\n          }\n        }\n      }\n    }\n  }\n": types.EmployerPageDocument,
    "\n  mutation AddEmployerMember($input: AddEmployerMemberInput!) {\n    addEmployerMember(input: $input) {\n      id\n      ...Members_employer\n    }\n  }\n": types.AddEmployerMemberDocument,
    "\n  fragment Members_employer on Employer {\n    id\n    members {\n      role\n      joinedAt\n      user {\n        id\n        profile {\n          displayName\n        }\n      }\n    }\n  }\n": types.Members_EmployerFragmentDoc,
    "\n  fragment PostingPeriods_employer on Employer {\n    id\n    running: listings(status: PUBLISHED, first: 50) {\n      edges {\n        node {\n          ...PostingPeriod_listing\n        }\n      }\n    }\n    expired: listings(status: EXPIRED, first: 50) {\n      edges {\n        node {\n          ...PostingPeriod_listing\n        }\n      }\n    }\n  }\n": types.PostingPeriods_EmployerFragmentDoc,
    "\n  fragment PostingPeriod_listing on Listing {\n    id\n    title\n    status\n    expiresAt\n  }\n": types.PostingPeriod_ListingFragmentDoc,
    "\n  mutation RenewListing($id: ID!) {\n    renewListing(id: $id) {\n      id\n      status\n      active\n      expiresAt\n    }\n  }\n": types.RenewListingDocument,
    "\n  fragment ChatMessage_message on Message {\n    id\n    body\n    read\n    readAt\n    createdAt\n    from {\n      id\n    }\n  }\n": types.ChatMessage_MessageFragmentDoc,
    "\n  mutation SetTyping($conversationId: ID!) {\n    setTyping(conversationId: $conversationId)\n  }\n": types.SetTypingDocument,
    "\n  mutation CreateContract($conversationId: ID!) {\n    createContract(conversationId: $conversationId) {\n      id\n      status\n    }\n  }\n": types.CreateContractDocument,
    "\n  query InboxPage($after: String) {\n    conversations(first: 30, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          ...ConversationListItem_conversation\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.InboxPageDocument,
    "\n  fragment ConversationListItem_conversation on Conversation {\n    id\n    unreadCount\n    lastMessageAt\n    listing {\n      id\n      title\n    }\n    ...OtherParty_conversation\n    freelancer {\n      id\n      freelancerRating {\n        ...RatingBadge_rating\n      }\n    }\n    lastMessage {\n      id\n      body\n      from {\n        id\n      }\n    }\n  }\n": types.ConversationListItem_ConversationFragmentDoc,
    "\n  fragment OtherParty_conversation on Conversation {\n    freelancer {\n      id\n      profile {\n        displayName\n      }\n    }\n    poster {\n      id\n      profile {\n        displayName\n      }\n    }\n  }\n": types.OtherParty_ConversationFragmentDoc,
    "\n  mutation SendMessage($conversationId: ID!, $body: String!, $clientMessageId: String) {\n    sendMessage(conversationId: $conversationId, body: $body, clientMessageId: $clientMessageId) {\n      id\n      cursor\n      ...ChatMessage_message\n    }\n  }\n": types.SendMessageDocument,
    "\n  query ConversationPage($id: ID!, $before: String) {\n    conversation(id: $id) {\n      id\n      unreadCount\n      listing {\n        id\n        title\n        employer {\n          id\n          name\n        }\n      }\n      ...OtherParty_conversation\n      contract {\n        id\n        status\n      }\n      messages(last: 50, before: $before) {\n        edges {\n          cursor\n          node {\n            id\n            ...ChatMessage_message\n          }\n        }\n        pageInfo {\n          hasPreviousPage\n          startCursor\n          endCursor\n        }\n      }\n    }\n  }\n": types.ConversationPageDocument,
    "\n  subscription ConversationEvents($conversationId: ID!) {\n    conversationEvents(conversationId: $conversationId) {\n      __typename\n      ... on MessageAddedEvent {\n        message {\n          id\n          cursor\n          ...ChatMessage_message\n        }\n      }\n      ... on MessagesReadEvent {\n        readAt\n        lastReadMessage {\n          id\n        }\n        reader {\n          id\n        }\n      }\n      ... on TypingEvent {\n        at\n        user {\n          id\n        }\n      }\n    }\n  }\n": types.ConversationEventsDocument,
    "\n  mutation MarkConversationRead($conversationId: ID!) {\n    markConversationRead(conversationId: $conversationId) {\n      id\n      unreadCount\n    }\n  }\n": types.MarkConversationReadDocument,
    "\n  query NotificationsPage($after: String) {\n    notifications(first: 30, after: $after) {\n      unreadCount\n      edges {\n        cursor\n        node {\n          id\n          ...NotificationItem_notification\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.NotificationsPageDocument,
    "\n  mutation MarkNotificationsRead($ids: [ID!]) {\n    markNotificationsRead(ids: $ids) {\n      markedCount\n      unreadCount\n    }\n  }\n": types.MarkNotificationsReadDocument,
    "\n  fragment NotificationItem_notification on Notification {\n    id\n    kind\n    payload\n    createdAt\n    readAt\n  }\n": types.NotificationItem_NotificationFragmentDoc,
    "\n  query SavedSearchesPage {\n    savedSearches {\n      id\n      name\n      createdAt\n      filter {\n        search\n        technologies {\n          id\n          name\n        }\n        projectTypes {\n          id\n          name\n        }\n        budget {\n          currency\n          minCents\n          maxCents\n        }\n        budgetKind\n        remoteOnly\n      }\n    }\n  }\n": types.SavedSearchesPageDocument,
    "\n  mutation DeleteSavedSearch($id: ID!) {\n    deleteSavedSearch(id: $id)\n  }\n": types.DeleteSavedSearchDocument,
    "\n  query RecentNotifications {\n    notifications(first: 50) {\n      edges {\n        node {\n          id\n          readAt\n          payload\n        }\n      }\n    }\n  }\n": types.RecentNotificationsDocument,
    "\n  mutation ReadNotificationsAbout($ids: [ID!]) {\n    markNotificationsRead(ids: $ids) {\n      markedCount\n      unreadCount\n    }\n  }\n": types.ReadNotificationsAboutDocument,
    "\n  query PostWizardEmployers {\n    me {\n      id\n      employers {\n        id\n        name\n        credits\n        listings(status: DRAFT, first: 20) {\n          edges {\n            node {\n              id\n              title\n              updatedAt\n            }\n          }\n        }\n      }\n    }\n  }\n": types.PostWizardEmployersDocument,
    "\n  mutation CreateListing($input: CreateListingInput!) {\n    createListing(input: $input) {\n      id\n      ...SavedDraftWizard_listing\n    }\n  }\n": types.CreateListingDocument,
    "\n  mutation PublishListing($id: ID!) {\n    publishListing(id: $id) {\n      id\n      ...ListingStatus_listing\n      employer {\n        id\n        credits\n      }\n    }\n  }\n": types.PublishListingDocument,
    "\n  query CreditPricing {\n    creditPricing {\n      unitAmountCents\n      currency\n      mode\n    }\n  }\n": types.CreditPricingDocument,
    "\n  fragment SavedDraftWizard_listing on Listing {\n    id\n    title\n    description\n    status\n    updatedAt\n    projectType {\n      id\n      name\n    }\n    technologies {\n      id\n      name\n    }\n    budget {\n      kind\n      minCents\n      maxCents\n      currency\n    }\n    duration {\n      weeks\n      hoursPerWeek\n    }\n    location {\n      kind\n      city\n      countryCode\n      timeZoneWindow {\n        fromUtcOffsetMinutes\n        toUtcOffsetMinutes\n      }\n    }\n  }\n": types.SavedDraftWizard_ListingFragmentDoc,
    "\n  query PostWizardListing($id: ID!) {\n    listing(id: $id) {\n      id\n      ...SavedDraftWizard_listing\n      employer {\n        id\n        name\n        credits\n        viewerRole\n      }\n    }\n  }\n": types.PostWizardListingDocument,
    "\n  mutation UpdateListing($input: UpdateListingInput!) {\n    updateListing(input: $input) {\n      id\n      ...SavedDraftWizard_listing\n    }\n  }\n": types.UpdateListingDocument,
    "\n  query PostWizardTaxonomy {\n    projectSuperTypes {\n      id\n      name\n      projectTypes {\n        id\n        name\n      }\n    }\n    technologyClasses {\n      id\n      name\n      technologies {\n        id\n        name\n      }\n    }\n  }\n": types.PostWizardTaxonomyDocument,
    "\n  query EmployerReviewsPage($id: ID!, $after: String) {\n    employer(id: $id) {\n      id\n      name\n      aboutUs\n      completedContractsCount\n      rating {\n        ...RatingBadge_rating\n      }\n      reviews(first: 10, after: $after) {\n        edges {\n          cursor\n          node {\n            id\n            ...ReviewItem_review\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.EmployerReviewsPageDocument,
    "\n  fragment RatingBadge_rating on Rating {\n    average\n    count\n  }\n": types.RatingBadge_RatingFragmentDoc,
    "\n  fragment ReviewItem_review on Review {\n    id\n    rating\n    body\n    createdAt\n    publishedAt\n    reply\n    repliedAt\n    viewerCanReply\n    author {\n      id\n      profile {\n        displayName\n      }\n    }\n  }\n": types.ReviewItem_ReviewFragmentDoc,
    "\n  mutation ReplyToReview($reviewId: ID!, $body: String!) {\n    replyToReview(reviewId: $reviewId, body: $body) {\n      id\n      ...ReviewItem_review\n    }\n  }\n": types.ReplyToReviewDocument,
    "\n  query UserProfilePage($id: ID!, $after: String) {\n    user(id: $id) {\n      id\n      createdAt\n      completedContractsCount\n      profile {\n        displayName\n        headline\n        biography\n        location\n        hourlyRate {\n          cents\n          currency\n        }\n        links {\n          url\n          label\n        }\n        skills {\n          id\n          name\n        }\n      }\n      freelancerRating {\n        ...RatingBadge_rating\n      }\n      postsFor {\n        id\n        name\n        completedContractsCount\n        rating {\n          ...RatingBadge_rating\n        }\n      }\n      reviews(first: 10, after: $after) {\n        edges {\n          cursor\n          node {\n            id\n            ...ReviewItem_review\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.UserProfilePageDocument,
    "\n  query NotificationPreferences {\n    notificationPreferences {\n      kind\n      emailDigest\n    }\n  }\n": types.NotificationPreferencesDocument,
    "\n  mutation UpdateNotificationPreferences($input: UpdateNotificationPreferencesInput!) {\n    updateNotificationPreferences(input: $input) {\n      kind\n      emailDigest\n    }\n  }\n": types.UpdateNotificationPreferencesDocument,
    "\n  query Session {\n    me {\n      id\n      email\n      emailVerified\n      profile {\n        displayName\n      }\n      employers {\n        id\n        name\n      }\n    }\n  }\n": types.SessionDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": types.SignOutDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotificationBell {\n    notifications(first: 1) {\n      unreadCount\n    }\n  }\n"): (typeof documents)["\n  query NotificationBell {\n    notifications(first: 1) {\n      unreadCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InboxBadge {\n    conversations(first: 100) {\n      edges {\n        node {\n          id\n          unreadCount\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query InboxBadge {\n    conversations(first: 100) {\n      edges {\n        node {\n          id\n          unreadCount\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription NotificationAdded {\n    notificationAdded {\n      id\n      kind\n      ...NotificationItem_notification\n    }\n  }\n"): (typeof documents)["\n  subscription NotificationAdded {\n    notificationAdded {\n      id\n      kind\n      ...NotificationItem_notification\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResendVerificationEmail {\n    resendVerificationEmail {\n      sent\n      emailVerified\n      nextAllowedAt\n    }\n  }\n"): (typeof documents)["\n  mutation ResendVerificationEmail {\n    resendVerificationEmail {\n      sent\n      emailVerified\n      nextAllowedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input)\n  }\n"): (typeof documents)["\n  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProfileForm_user on User {\n    id\n    profile {\n      displayName\n      headline\n      biography\n      location\n      hourlyRate {\n        cents\n        currency\n      }\n      links {\n        url\n        label\n      }\n      skills {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment ProfileForm_user on User {\n    id\n    profile {\n      displayName\n      headline\n      biography\n      location\n      hourlyRate {\n        cents\n        currency\n      }\n      links {\n        url\n        label\n      }\n      skills {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      ...ProfileForm_user\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      id\n      ...ProfileForm_user\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProfilePage {\n    me {\n      id\n      email\n      createdAt\n      ...ProfileForm_user\n      employers {\n        id\n        name\n        viewerRole\n      }\n    }\n  }\n"): (typeof documents)["\n  query ProfilePage {\n    me {\n      id\n      email\n      createdAt\n      ...ProfileForm_user\n      employers {\n        id\n        name\n        viewerRole\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input)\n  }\n"): (typeof documents)["\n  mutation ResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      token\n      user {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      token\n      user {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      token\n      user {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      token\n      user {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyEmail($input: VerifyEmailInput!) {\n    verifyEmail(input: $input)\n  }\n"): (typeof documents)["\n  mutation VerifyEmail($input: VerifyEmailInput!) {\n    verifyEmail(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CataloguePage($filter: ListingFilter, $first: Int, $after: String, $sort: ListingSort) {\n    listings(filter: $filter, first: $first, after: $after, sort: $sort) {\n      totalCount\n      totalCountIsApproximate\n      suggestedQuery\n      facets {\n        remote {\n          count\n        }\n        budget {\n          currency\n          bands {\n            kind\n            minCents\n            maxCents\n            count\n          }\n        }\n        projectTypes {\n          count\n          projectType {\n            id\n            name\n          }\n        }\n        technologies {\n          count\n          technology {\n            id\n            name\n          }\n        }\n      }\n      edges {\n        cursor\n        textMatches {\n          property\n          fragment\n          highlights {\n            beginIndice\n            endIndice\n          }\n        }\n        node {\n          id\n          ...ListingCard_listing\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query CataloguePage($filter: ListingFilter, $first: Int, $after: String, $sort: ListingSort) {\n    listings(filter: $filter, first: $first, after: $after, sort: $sort) {\n      totalCount\n      totalCountIsApproximate\n      suggestedQuery\n      facets {\n        remote {\n          count\n        }\n        budget {\n          currency\n          bands {\n            kind\n            minCents\n            maxCents\n            count\n          }\n        }\n        projectTypes {\n          count\n          projectType {\n            id\n            name\n          }\n        }\n        technologies {\n          count\n          technology {\n            id\n            name\n          }\n        }\n      }\n      edges {\n        cursor\n        textMatches {\n          property\n          fragment\n          highlights {\n            beginIndice\n            endIndice\n          }\n        }\n        node {\n          id\n          ...ListingCard_listing\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CatalogueFilterNames {\n    projectTypes {\n      id\n      name\n    }\n    technologies {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query CatalogueFilterNames {\n    projectTypes {\n      id\n      name\n    }\n    technologies {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveSearch($input: SaveSearchInput!) {\n    saveSearch(input: $input) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation SaveSearch($input: SaveSearchInput!) {\n    saveSearch(input: $input) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ListingCard_listing on Listing {\n    id\n    title\n    description\n    status\n    publishedAt\n    createdAt\n    ...ListingTerms_listing\n    projectType {\n      id\n      name\n    }\n    technologies {\n      id\n      name\n    }\n    employer {\n      id\n      name\n      rating {\n        ...RatingBadge_rating\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment ListingCard_listing on Listing {\n    id\n    title\n    description\n    status\n    publishedAt\n    createdAt\n    ...ListingTerms_listing\n    projectType {\n      id\n      name\n    }\n    technologies {\n      id\n      name\n    }\n    employer {\n      id\n      name\n      rating {\n        ...RatingBadge_rating\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListingPage($id: ID!) {\n    listing(id: $id) {\n      id\n      title\n      description\n      createdAt\n      ...ListingStatus_listing\n      ...ListingTerms_listing\n      projectType {\n        id\n        name\n      }\n      technologies {\n        id\n        name\n        technologyClass {\n          id\n          name\n        }\n      }\n      employer {\n        id\n        name\n        aboutUs\n        logoUrl\n        viewerRole\n        rating {\n          ...RatingBadge_rating\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ListingPage($id: ID!) {\n    listing(id: $id) {\n      id\n      title\n      description\n      createdAt\n      ...ListingStatus_listing\n      ...ListingTerms_listing\n      projectType {\n        id\n        name\n      }\n      technologies {\n        id\n        name\n        technologyClass {\n          id\n          name\n        }\n      }\n      employer {\n        id\n        name\n        aboutUs\n        logoUrl\n        viewerRole\n        rating {\n          ...RatingBadge_rating\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartConversation($listingId: ID!, $body: String!) {\n    startConversation(listingId: $listingId, body: $body) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation StartConversation($listingId: ID!, $body: String!) {\n    startConversation(listingId: $listingId, body: $body) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyConversations {\n    conversations(first: 100) {\n      edges {\n        node {\n          id\n          listing {\n            id\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyConversations {\n    conversations(first: 100) {\n      edges {\n        node {\n          id\n          listing {\n            id\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CloseListing($id: ID!) {\n    closeListing(id: $id) {\n      id\n      ...ListingStatus_listing\n    }\n  }\n"): (typeof documents)["\n  mutation CloseListing($id: ID!) {\n    closeListing(id: $id) {\n      id\n      ...ListingStatus_listing\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ListingTerms_listing on Listing {\n    budget {\n      kind\n      minCents\n      maxCents\n      currency\n    }\n    duration {\n      weeks\n      hoursPerWeek\n    }\n    location {\n      kind\n      city\n      countryCode\n      timeZoneWindow {\n        fromUtcOffsetMinutes\n        toUtcOffsetMinutes\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment ListingTerms_listing on Listing {\n    budget {\n      kind\n      minCents\n      maxCents\n      currency\n    }\n    duration {\n      weeks\n      hoursPerWeek\n    }\n    location {\n      kind\n      city\n      countryCode\n      timeZoneWindow {\n        fromUtcOffsetMinutes\n        toUtcOffsetMinutes\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchSuggestions($prefix: String!, $first: Int) {\n    searchSuggestions(prefix: $prefix, first: $first) {\n      text\n      kind\n      count\n      technology {\n        id\n      }\n      projectType {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query SearchSuggestions($prefix: String!, $first: Int) {\n    searchSuggestions(prefix: $prefix, first: $first) {\n      text\n      kind\n      count\n      technology {\n        id\n      }\n      projectType {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ListingStatus_listing on Listing {\n    id\n    status\n    active\n    publishedAt\n    closedAt\n  }\n"): (typeof documents)["\n  fragment ListingStatus_listing on Listing {\n    id\n    status\n    active\n    publishedAt\n    closedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AuditTrail_contract on Contract {\n    id\n    events {\n      id\n      kind\n      version\n      contentHash\n      createdAt\n      reason\n      actor {\n        id\n        profile {\n          displayName\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment AuditTrail_contract on Contract {\n    id\n    events {\n      id\n      kind\n      version\n      contentHash\n      createdAt\n      reason\n      actor {\n        id\n        profile {\n          displayName\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ChangeOrders_contract on Contract {\n    id\n    status\n    viewerRole\n    viewerCanDecideChangeOrders\n    acceptedPriceChangeCents\n    acceptedScheduleChangeDays\n    changeOrders {\n      id\n      status\n      ...ChangeOrderCard_changeOrder\n    }\n  }\n"): (typeof documents)["\n  fragment ChangeOrders_contract on Contract {\n    id\n    status\n    viewerRole\n    viewerCanDecideChangeOrders\n    acceptedPriceChangeCents\n    acceptedScheduleChangeDays\n    changeOrders {\n      id\n      status\n      ...ChangeOrderCard_changeOrder\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ChangeOrderCard_changeOrder on ChangeOrder {\n    id\n    status\n    changes\n    priceChangeCents\n    scheduleChangeDays\n    createdAt\n    decidedAt\n    reason\n    createdBy {\n      id\n      profile {\n        displayName\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment ChangeOrderCard_changeOrder on ChangeOrder {\n    id\n    status\n    changes\n    priceChangeCents\n    scheduleChangeDays\n    createdAt\n    decidedAt\n    reason\n    createdBy {\n      id\n      profile {\n        displayName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitChangeOrder($contractId: ID!, $changes: ChangeOrderInput!) {\n    submitChangeOrder(contractId: $contractId, changes: $changes) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation SubmitChangeOrder($contractId: ID!, $changes: ChangeOrderInput!) {\n    submitChangeOrder(contractId: $contractId, changes: $changes) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptChangeOrder($id: ID!) {\n    acceptChangeOrder(id: $id) {\n      id\n      status\n      acceptedAt\n      decidedAt\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptChangeOrder($id: ID!) {\n    acceptChangeOrder(id: $id) {\n      id\n      status\n      acceptedAt\n      decidedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RejectChangeOrder($id: ID!, $reason: String!) {\n    rejectChangeOrder(id: $id, reason: $reason) {\n      id\n      status\n      reason\n      decidedAt\n    }\n  }\n"): (typeof documents)["\n  mutation RejectChangeOrder($id: ID!, $reason: String!) {\n    rejectChangeOrder(id: $id, reason: $reason) {\n      id\n      status\n      reason\n      decidedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WithdrawChangeOrder($id: ID!) {\n    withdrawChangeOrder(id: $id) {\n      id\n      status\n      decidedAt\n    }\n  }\n"): (typeof documents)["\n  mutation WithdrawChangeOrder($id: ID!) {\n    withdrawChangeOrder(id: $id) {\n      id\n      status\n      decidedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ContractDetails_details on ContractDetails {\n    id\n    version\n    descriptionOfServices\n    deliverables\n    projectSchedule\n    pricingAndRates\n    paymentTermsAndSchedule\n    termsAndConditions\n  }\n"): (typeof documents)["\n  fragment ContractDetails_details on ContractDetails {\n    id\n    version\n    descriptionOfServices\n    deliverables\n    projectSchedule\n    pricingAndRates\n    paymentTermsAndSchedule\n    termsAndConditions\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateContractDetails($contractId: ID!, $expectedVersion: Int!, $input: ContractDetailsInput!) {\n    updateContractDetails(contractId: $contractId, expectedVersion: $expectedVersion, input: $input) {\n      id\n      ...SignaturePanel_contract\n      currentDetails {\n        id\n        version\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateContractDetails($contractId: ID!, $expectedVersion: Int!, $input: ContractDetailsInput!) {\n    updateContractDetails(contractId: $contractId, expectedVersion: $expectedVersion, input: $input) {\n      id\n      ...SignaturePanel_contract\n      currentDetails {\n        id\n        version\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ContractEnding_contract on Contract {\n    id\n    status\n    viewerSide\n    viewerCanComplete\n    viewerCanDeclineCompletion\n    viewerCanRequestCompletion\n    viewerCanCancel\n    completionRequestedAt\n    completionNote\n    completedAt\n    cancelledAt\n    cancellationReason\n    cancelledBy {\n      id\n      profile {\n        displayName\n      }\n    }\n    changeOrders {\n      id\n      status\n    }\n    events {\n      id\n      kind\n      reason\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  fragment ContractEnding_contract on Contract {\n    id\n    status\n    viewerSide\n    viewerCanComplete\n    viewerCanDeclineCompletion\n    viewerCanRequestCompletion\n    viewerCanCancel\n    completionRequestedAt\n    completionNote\n    completedAt\n    cancelledAt\n    cancellationReason\n    cancelledBy {\n      id\n      profile {\n        displayName\n      }\n    }\n    changeOrders {\n      id\n      status\n    }\n    events {\n      id\n      kind\n      reason\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestContractCompletion($contractId: ID!, $note: String!) {\n    requestContractCompletion(contractId: $contractId, note: $note) {\n      id\n      status\n      completionRequestedAt\n      completionNote\n    }\n  }\n"): (typeof documents)["\n  mutation RequestContractCompletion($contractId: ID!, $note: String!) {\n    requestContractCompletion(contractId: $contractId, note: $note) {\n      id\n      status\n      completionRequestedAt\n      completionNote\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteContract($contractId: ID!) {\n    completeContract(contractId: $contractId) {\n      id\n      status\n      completedAt\n    }\n  }\n"): (typeof documents)["\n  mutation CompleteContract($contractId: ID!) {\n    completeContract(contractId: $contractId) {\n      id\n      status\n      completedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeclineContractCompletion($contractId: ID!, $reason: String!) {\n    declineContractCompletion(contractId: $contractId, reason: $reason) {\n      id\n      status\n      completionRequestedAt\n      completionNote\n    }\n  }\n"): (typeof documents)["\n  mutation DeclineContractCompletion($contractId: ID!, $reason: String!) {\n    declineContractCompletion(contractId: $contractId, reason: $reason) {\n      id\n      status\n      completionRequestedAt\n      completionNote\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelContract($contractId: ID!, $reason: String!) {\n    cancelContract(contractId: $contractId, reason: $reason) {\n      id\n      status\n      cancelledAt\n      cancellationReason\n    }\n  }\n"): (typeof documents)["\n  mutation CancelContract($contractId: ID!, $reason: String!) {\n    cancelContract(contractId: $contractId, reason: $reason) {\n      id\n      status\n      cancelledAt\n      cancellationReason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContractPage($id: ID!) {\n    contract(id: $id) {\n      id\n      ...ContractSummary_contract\n      currentDetails {\n        id\n        version\n        locked\n        lockedAt\n        contentHash\n        complete\n        ...ContractDetails_details\n      }\n      ...SignaturePanel_contract\n      ...VersionHistory_contract\n      ...ChangeOrders_contract\n      ...AuditTrail_contract\n      ...ContractEnding_contract\n      ...ContractReviews_contract\n      ...WorkerReputation_contract\n    }\n  }\n"): (typeof documents)["\n  query ContractPage($id: ID!) {\n    contract(id: $id) {\n      id\n      ...ContractSummary_contract\n      currentDetails {\n        id\n        version\n        locked\n        lockedAt\n        contentHash\n        complete\n        ...ContractDetails_details\n      }\n      ...SignaturePanel_contract\n      ...VersionHistory_contract\n      ...ChangeOrders_contract\n      ...AuditTrail_contract\n      ...ContractEnding_contract\n      ...ContractReviews_contract\n      ...WorkerReputation_contract\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ContractUpdated($contractId: ID!) {\n    contractUpdated(contractId: $contractId) {\n      kind\n    }\n  }\n"): (typeof documents)["\n  subscription ContractUpdated($contractId: ID!) {\n    contractUpdated(contractId: $contractId) {\n      kind\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SignaturePanel_contract on Contract {\n    id\n    status\n    viewerRole\n    employerSignedAt\n    employerSignedVersion\n    workerSignedAt\n    workerSignedVersion\n    ...ContractParties_contract\n    currentDetails {\n      id\n      version\n      contentHash\n      complete\n      locked\n    }\n  }\n"): (typeof documents)["\n  fragment SignaturePanel_contract on Contract {\n    id\n    status\n    viewerRole\n    employerSignedAt\n    employerSignedVersion\n    workerSignedAt\n    workerSignedVersion\n    ...ContractParties_contract\n    currentDetails {\n      id\n      version\n      contentHash\n      complete\n      locked\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignContract($contractId: ID!, $version: Int!) {\n    signContract(contractId: $contractId, version: $version) {\n      id\n      ...SignaturePanel_contract\n      currentDetails {\n        id\n        lockedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SignContract($contractId: ID!, $version: Int!) {\n    signContract(contractId: $contractId, version: $version) {\n      id\n      ...SignaturePanel_contract\n      currentDetails {\n        id\n        lockedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ContractReviews_contract on Contract {\n    id\n    viewerRole\n    viewerSide\n    reviewWindowClosesAt\n    viewerCanReview\n    viewerHasBeenReviewed\n    ...ContractParties_contract\n    reviews {\n      id\n      publishedAt\n      author {\n        id\n      }\n      ...ReviewItem_review\n    }\n  }\n"): (typeof documents)["\n  fragment ContractReviews_contract on Contract {\n    id\n    viewerRole\n    viewerSide\n    reviewWindowClosesAt\n    viewerCanReview\n    viewerHasBeenReviewed\n    ...ContractParties_contract\n    reviews {\n      id\n      publishedAt\n      author {\n        id\n      }\n      ...ReviewItem_review\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WorkerReputation_contract on Contract {\n    worker {\n      id\n      profile {\n        displayName\n      }\n      completedContractsCount\n      freelancerRating {\n        ...RatingBadge_rating\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment WorkerReputation_contract on Contract {\n    worker {\n      id\n      profile {\n        displayName\n      }\n      completedContractsCount\n      freelancerRating {\n        ...RatingBadge_rating\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitReview($contractId: ID!, $input: ReviewInput!) {\n    submitReview(contractId: $contractId, input: $input) {\n      id\n      publishedAt\n    }\n  }\n"): (typeof documents)["\n  mutation SubmitReview($contractId: ID!, $input: ReviewInput!) {\n    submitReview(contractId: $contractId, input: $input) {\n      id\n      publishedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContractsPage {\n    contracts {\n      id\n      ...ContractSummary_contract\n      ...ContractTurn_contract\n    }\n  }\n"): (typeof documents)["\n  query ContractsPage {\n    contracts {\n      id\n      ...ContractSummary_contract\n      ...ContractTurn_contract\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ContractTurn_contract on Contract {\n    status\n    viewerRole\n    employerSignedVersion\n    workerSignedVersion\n    currentDetails {\n      id\n      version\n      complete\n    }\n  }\n"): (typeof documents)["\n  fragment ContractTurn_contract on Contract {\n    status\n    viewerRole\n    employerSignedVersion\n    workerSignedVersion\n    currentDetails {\n      id\n      version\n      complete\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment VersionHistory_contract on Contract {\n    id\n    employerSignedVersion\n    workerSignedVersion\n    versions {\n      id\n      version\n      contentHash\n      createdAt\n      locked\n      createdBy {\n        id\n        profile {\n          displayName\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment VersionHistory_contract on Contract {\n    id\n    employerSignedVersion\n    workerSignedVersion\n    versions {\n      id\n      version\n      contentHash\n      createdAt\n      locked\n      createdBy {\n        id\n        profile {\n          displayName\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContractDiff($id: ID!, $from: Int!, $to: Int!) {\n    contract(id: $id) {\n      id\n      diff(from: $from, to: $to) {\n        field\n        changed\n        lines {\n          kind\n          text\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ContractDiff($id: ID!, $from: Int!, $to: Int!) {\n    contract(id: $id) {\n      id\n      diff(from: $from, to: $to) {\n        field\n        changed\n        lines {\n          kind\n          text\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ContractSummary_contract on Contract {\n    id\n    status\n    viewerRole\n    createdAt\n    listing {\n      id\n      title\n    }\n    ...ContractParties_contract\n  }\n"): (typeof documents)["\n  fragment ContractSummary_contract on Contract {\n    id\n    status\n    viewerRole\n    createdAt\n    listing {\n      id\n      title\n    }\n    ...ContractParties_contract\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ContractParties_contract on Contract {\n    employer {\n      id\n      name\n    }\n    employerUser {\n      id\n      profile {\n        displayName\n      }\n    }\n    worker {\n      id\n      profile {\n        displayName\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment ContractParties_contract on Contract {\n    employer {\n      id\n      name\n    }\n    employerUser {\n      id\n      profile {\n        displayName\n      }\n    }\n    worker {\n      id\n      profile {\n        displayName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CreditsPage($employerId: ID!) {\n    creditPricing {\n      unitAmountCents\n      currency\n      mode\n    }\n    employer(id: $employerId) {\n      id\n      name\n      credits\n      creditLedger {\n        purchases {\n          id\n          quantity\n          amountCents\n          currency\n          status\n          createdAt\n          paidAt\n        }\n        spends {\n          listingId\n          spentAt\n          listing {\n            id\n            title\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CreditsPage($employerId: ID!) {\n    creditPricing {\n      unitAmountCents\n      currency\n      mode\n    }\n    employer(id: $employerId) {\n      id\n      name\n      credits\n      creditLedger {\n        purchases {\n          id\n          quantity\n          amountCents\n          currency\n          status\n          createdAt\n          paidAt\n        }\n        spends {\n          listingId\n          spentAt\n          listing {\n            id\n            title\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestCheckout($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on Payment {\n        quantity\n        amountCents\n        currency\n        status\n        provider\n        employer {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TestCheckout($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on Payment {\n        quantity\n        amountCents\n        currency\n        status\n        provider\n        employer {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmTestCheckout($id: ID!) {\n    confirmTestCheckout(id: $id) {\n      id\n      status\n      paidAt\n      employer {\n        id\n        credits\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConfirmTestCheckout($id: ID!) {\n    confirmTestCheckout(id: $id) {\n      id\n      status\n      paidAt\n      employer {\n        id\n        credits\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartCreditCheckout($employerId: ID!, $quantity: Int!) {\n    startCreditCheckout(employerId: $employerId, quantity: $quantity) {\n      id\n      url\n    }\n  }\n"): (typeof documents)["\n  mutation StartCreditCheckout($employerId: ID!, $quantity: Int!) {\n    startCreditCheckout(employerId: $employerId, quantity: $quantity) {\n      id\n      url\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateEmployer($input: CreateEmployerInput!) {\n    createEmployer(input: $input) {\n      id\n      name\n      viewerRole\n    }\n  }\n"): (typeof documents)["\n  mutation CreateEmployer($input: CreateEmployerInput!) {\n    createEmployer(input: $input) {\n      id\n      name\n      viewerRole\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EmployerPage($id: ID!) {\n    employer(id: $id) {\n      id\n      name\n      aboutUs\n      logoUrl\n      createdAt\n      viewerRole\n      credits\n      completedContractsCount\n      rating {\n        count\n        ...RatingBadge_rating\n      }\n      ...Members_employer\n      ...PostingPeriods_employer\n      published: listings(status: PUBLISHED, first: 50) {\n        totalCount\n        edges {\n          node {\n            id\n            ...ListingCard_listing\n          }\n        }\n      }\n      drafts: listings(status: DRAFT, first: 50) {\n        edges {\n          node {\n            id\n            title\n            updatedAt\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query EmployerPage($id: ID!) {\n    employer(id: $id) {\n      id\n      name\n      aboutUs\n      logoUrl\n      createdAt\n      viewerRole\n      credits\n      completedContractsCount\n      rating {\n        count\n        ...RatingBadge_rating\n      }\n      ...Members_employer\n      ...PostingPeriods_employer\n      published: listings(status: PUBLISHED, first: 50) {\n        totalCount\n        edges {\n          node {\n            id\n            ...ListingCard_listing\n          }\n        }\n      }\n      drafts: listings(status: DRAFT, first: 50) {\n        edges {\n          node {\n            id\n            title\n            updatedAt\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddEmployerMember($input: AddEmployerMemberInput!) {\n    addEmployerMember(input: $input) {\n      id\n      ...Members_employer\n    }\n  }\n"): (typeof documents)["\n  mutation AddEmployerMember($input: AddEmployerMemberInput!) {\n    addEmployerMember(input: $input) {\n      id\n      ...Members_employer\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment Members_employer on Employer {\n    id\n    members {\n      role\n      joinedAt\n      user {\n        id\n        profile {\n          displayName\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment Members_employer on Employer {\n    id\n    members {\n      role\n      joinedAt\n      user {\n        id\n        profile {\n          displayName\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PostingPeriods_employer on Employer {\n    id\n    running: listings(status: PUBLISHED, first: 50) {\n      edges {\n        node {\n          ...PostingPeriod_listing\n        }\n      }\n    }\n    expired: listings(status: EXPIRED, first: 50) {\n      edges {\n        node {\n          ...PostingPeriod_listing\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment PostingPeriods_employer on Employer {\n    id\n    running: listings(status: PUBLISHED, first: 50) {\n      edges {\n        node {\n          ...PostingPeriod_listing\n        }\n      }\n    }\n    expired: listings(status: EXPIRED, first: 50) {\n      edges {\n        node {\n          ...PostingPeriod_listing\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PostingPeriod_listing on Listing {\n    id\n    title\n    status\n    expiresAt\n  }\n"): (typeof documents)["\n  fragment PostingPeriod_listing on Listing {\n    id\n    title\n    status\n    expiresAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenewListing($id: ID!) {\n    renewListing(id: $id) {\n      id\n      status\n      active\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation RenewListing($id: ID!) {\n    renewListing(id: $id) {\n      id\n      status\n      active\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ChatMessage_message on Message {\n    id\n    body\n    read\n    readAt\n    createdAt\n    from {\n      id\n    }\n  }\n"): (typeof documents)["\n  fragment ChatMessage_message on Message {\n    id\n    body\n    read\n    readAt\n    createdAt\n    from {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetTyping($conversationId: ID!) {\n    setTyping(conversationId: $conversationId)\n  }\n"): (typeof documents)["\n  mutation SetTyping($conversationId: ID!) {\n    setTyping(conversationId: $conversationId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateContract($conversationId: ID!) {\n    createContract(conversationId: $conversationId) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation CreateContract($conversationId: ID!) {\n    createContract(conversationId: $conversationId) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InboxPage($after: String) {\n    conversations(first: 30, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          ...ConversationListItem_conversation\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query InboxPage($after: String) {\n    conversations(first: 30, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          ...ConversationListItem_conversation\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConversationListItem_conversation on Conversation {\n    id\n    unreadCount\n    lastMessageAt\n    listing {\n      id\n      title\n    }\n    ...OtherParty_conversation\n    freelancer {\n      id\n      freelancerRating {\n        ...RatingBadge_rating\n      }\n    }\n    lastMessage {\n      id\n      body\n      from {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment ConversationListItem_conversation on Conversation {\n    id\n    unreadCount\n    lastMessageAt\n    listing {\n      id\n      title\n    }\n    ...OtherParty_conversation\n    freelancer {\n      id\n      freelancerRating {\n        ...RatingBadge_rating\n      }\n    }\n    lastMessage {\n      id\n      body\n      from {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OtherParty_conversation on Conversation {\n    freelancer {\n      id\n      profile {\n        displayName\n      }\n    }\n    poster {\n      id\n      profile {\n        displayName\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment OtherParty_conversation on Conversation {\n    freelancer {\n      id\n      profile {\n        displayName\n      }\n    }\n    poster {\n      id\n      profile {\n        displayName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendMessage($conversationId: ID!, $body: String!, $clientMessageId: String) {\n    sendMessage(conversationId: $conversationId, body: $body, clientMessageId: $clientMessageId) {\n      id\n      cursor\n      ...ChatMessage_message\n    }\n  }\n"): (typeof documents)["\n  mutation SendMessage($conversationId: ID!, $body: String!, $clientMessageId: String) {\n    sendMessage(conversationId: $conversationId, body: $body, clientMessageId: $clientMessageId) {\n      id\n      cursor\n      ...ChatMessage_message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConversationPage($id: ID!, $before: String) {\n    conversation(id: $id) {\n      id\n      unreadCount\n      listing {\n        id\n        title\n        employer {\n          id\n          name\n        }\n      }\n      ...OtherParty_conversation\n      contract {\n        id\n        status\n      }\n      messages(last: 50, before: $before) {\n        edges {\n          cursor\n          node {\n            id\n            ...ChatMessage_message\n          }\n        }\n        pageInfo {\n          hasPreviousPage\n          startCursor\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConversationPage($id: ID!, $before: String) {\n    conversation(id: $id) {\n      id\n      unreadCount\n      listing {\n        id\n        title\n        employer {\n          id\n          name\n        }\n      }\n      ...OtherParty_conversation\n      contract {\n        id\n        status\n      }\n      messages(last: 50, before: $before) {\n        edges {\n          cursor\n          node {\n            id\n            ...ChatMessage_message\n          }\n        }\n        pageInfo {\n          hasPreviousPage\n          startCursor\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConversationEvents($conversationId: ID!) {\n    conversationEvents(conversationId: $conversationId) {\n      __typename\n      ... on MessageAddedEvent {\n        message {\n          id\n          cursor\n          ...ChatMessage_message\n        }\n      }\n      ... on MessagesReadEvent {\n        readAt\n        lastReadMessage {\n          id\n        }\n        reader {\n          id\n        }\n      }\n      ... on TypingEvent {\n        at\n        user {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ConversationEvents($conversationId: ID!) {\n    conversationEvents(conversationId: $conversationId) {\n      __typename\n      ... on MessageAddedEvent {\n        message {\n          id\n          cursor\n          ...ChatMessage_message\n        }\n      }\n      ... on MessagesReadEvent {\n        readAt\n        lastReadMessage {\n          id\n        }\n        reader {\n          id\n        }\n      }\n      ... on TypingEvent {\n        at\n        user {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkConversationRead($conversationId: ID!) {\n    markConversationRead(conversationId: $conversationId) {\n      id\n      unreadCount\n    }\n  }\n"): (typeof documents)["\n  mutation MarkConversationRead($conversationId: ID!) {\n    markConversationRead(conversationId: $conversationId) {\n      id\n      unreadCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotificationsPage($after: String) {\n    notifications(first: 30, after: $after) {\n      unreadCount\n      edges {\n        cursor\n        node {\n          id\n          ...NotificationItem_notification\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query NotificationsPage($after: String) {\n    notifications(first: 30, after: $after) {\n      unreadCount\n      edges {\n        cursor\n        node {\n          id\n          ...NotificationItem_notification\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkNotificationsRead($ids: [ID!]) {\n    markNotificationsRead(ids: $ids) {\n      markedCount\n      unreadCount\n    }\n  }\n"): (typeof documents)["\n  mutation MarkNotificationsRead($ids: [ID!]) {\n    markNotificationsRead(ids: $ids) {\n      markedCount\n      unreadCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NotificationItem_notification on Notification {\n    id\n    kind\n    payload\n    createdAt\n    readAt\n  }\n"): (typeof documents)["\n  fragment NotificationItem_notification on Notification {\n    id\n    kind\n    payload\n    createdAt\n    readAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SavedSearchesPage {\n    savedSearches {\n      id\n      name\n      createdAt\n      filter {\n        search\n        technologies {\n          id\n          name\n        }\n        projectTypes {\n          id\n          name\n        }\n        budget {\n          currency\n          minCents\n          maxCents\n        }\n        budgetKind\n        remoteOnly\n      }\n    }\n  }\n"): (typeof documents)["\n  query SavedSearchesPage {\n    savedSearches {\n      id\n      name\n      createdAt\n      filter {\n        search\n        technologies {\n          id\n          name\n        }\n        projectTypes {\n          id\n          name\n        }\n        budget {\n          currency\n          minCents\n          maxCents\n        }\n        budgetKind\n        remoteOnly\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSavedSearch($id: ID!) {\n    deleteSavedSearch(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteSavedSearch($id: ID!) {\n    deleteSavedSearch(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RecentNotifications {\n    notifications(first: 50) {\n      edges {\n        node {\n          id\n          readAt\n          payload\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RecentNotifications {\n    notifications(first: 50) {\n      edges {\n        node {\n          id\n          readAt\n          payload\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReadNotificationsAbout($ids: [ID!]) {\n    markNotificationsRead(ids: $ids) {\n      markedCount\n      unreadCount\n    }\n  }\n"): (typeof documents)["\n  mutation ReadNotificationsAbout($ids: [ID!]) {\n    markNotificationsRead(ids: $ids) {\n      markedCount\n      unreadCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PostWizardEmployers {\n    me {\n      id\n      employers {\n        id\n        name\n        credits\n        listings(status: DRAFT, first: 20) {\n          edges {\n            node {\n              id\n              title\n              updatedAt\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PostWizardEmployers {\n    me {\n      id\n      employers {\n        id\n        name\n        credits\n        listings(status: DRAFT, first: 20) {\n          edges {\n            node {\n              id\n              title\n              updatedAt\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateListing($input: CreateListingInput!) {\n    createListing(input: $input) {\n      id\n      ...SavedDraftWizard_listing\n    }\n  }\n"): (typeof documents)["\n  mutation CreateListing($input: CreateListingInput!) {\n    createListing(input: $input) {\n      id\n      ...SavedDraftWizard_listing\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishListing($id: ID!) {\n    publishListing(id: $id) {\n      id\n      ...ListingStatus_listing\n      employer {\n        id\n        credits\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation PublishListing($id: ID!) {\n    publishListing(id: $id) {\n      id\n      ...ListingStatus_listing\n      employer {\n        id\n        credits\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CreditPricing {\n    creditPricing {\n      unitAmountCents\n      currency\n      mode\n    }\n  }\n"): (typeof documents)["\n  query CreditPricing {\n    creditPricing {\n      unitAmountCents\n      currency\n      mode\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SavedDraftWizard_listing on Listing {\n    id\n    title\n    description\n    status\n    updatedAt\n    projectType {\n      id\n      name\n    }\n    technologies {\n      id\n      name\n    }\n    budget {\n      kind\n      minCents\n      maxCents\n      currency\n    }\n    duration {\n      weeks\n      hoursPerWeek\n    }\n    location {\n      kind\n      city\n      countryCode\n      timeZoneWindow {\n        fromUtcOffsetMinutes\n        toUtcOffsetMinutes\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment SavedDraftWizard_listing on Listing {\n    id\n    title\n    description\n    status\n    updatedAt\n    projectType {\n      id\n      name\n    }\n    technologies {\n      id\n      name\n    }\n    budget {\n      kind\n      minCents\n      maxCents\n      currency\n    }\n    duration {\n      weeks\n      hoursPerWeek\n    }\n    location {\n      kind\n      city\n      countryCode\n      timeZoneWindow {\n        fromUtcOffsetMinutes\n        toUtcOffsetMinutes\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PostWizardListing($id: ID!) {\n    listing(id: $id) {\n      id\n      ...SavedDraftWizard_listing\n      employer {\n        id\n        name\n        credits\n        viewerRole\n      }\n    }\n  }\n"): (typeof documents)["\n  query PostWizardListing($id: ID!) {\n    listing(id: $id) {\n      id\n      ...SavedDraftWizard_listing\n      employer {\n        id\n        name\n        credits\n        viewerRole\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateListing($input: UpdateListingInput!) {\n    updateListing(input: $input) {\n      id\n      ...SavedDraftWizard_listing\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateListing($input: UpdateListingInput!) {\n    updateListing(input: $input) {\n      id\n      ...SavedDraftWizard_listing\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PostWizardTaxonomy {\n    projectSuperTypes {\n      id\n      name\n      projectTypes {\n        id\n        name\n      }\n    }\n    technologyClasses {\n      id\n      name\n      technologies {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query PostWizardTaxonomy {\n    projectSuperTypes {\n      id\n      name\n      projectTypes {\n        id\n        name\n      }\n    }\n    technologyClasses {\n      id\n      name\n      technologies {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EmployerReviewsPage($id: ID!, $after: String) {\n    employer(id: $id) {\n      id\n      name\n      aboutUs\n      completedContractsCount\n      rating {\n        ...RatingBadge_rating\n      }\n      reviews(first: 10, after: $after) {\n        edges {\n          cursor\n          node {\n            id\n            ...ReviewItem_review\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query EmployerReviewsPage($id: ID!, $after: String) {\n    employer(id: $id) {\n      id\n      name\n      aboutUs\n      completedContractsCount\n      rating {\n        ...RatingBadge_rating\n      }\n      reviews(first: 10, after: $after) {\n        edges {\n          cursor\n          node {\n            id\n            ...ReviewItem_review\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RatingBadge_rating on Rating {\n    average\n    count\n  }\n"): (typeof documents)["\n  fragment RatingBadge_rating on Rating {\n    average\n    count\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReviewItem_review on Review {\n    id\n    rating\n    body\n    createdAt\n    publishedAt\n    reply\n    repliedAt\n    viewerCanReply\n    author {\n      id\n      profile {\n        displayName\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment ReviewItem_review on Review {\n    id\n    rating\n    body\n    createdAt\n    publishedAt\n    reply\n    repliedAt\n    viewerCanReply\n    author {\n      id\n      profile {\n        displayName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplyToReview($reviewId: ID!, $body: String!) {\n    replyToReview(reviewId: $reviewId, body: $body) {\n      id\n      ...ReviewItem_review\n    }\n  }\n"): (typeof documents)["\n  mutation ReplyToReview($reviewId: ID!, $body: String!) {\n    replyToReview(reviewId: $reviewId, body: $body) {\n      id\n      ...ReviewItem_review\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserProfilePage($id: ID!, $after: String) {\n    user(id: $id) {\n      id\n      createdAt\n      completedContractsCount\n      profile {\n        displayName\n        headline\n        biography\n        location\n        hourlyRate {\n          cents\n          currency\n        }\n        links {\n          url\n          label\n        }\n        skills {\n          id\n          name\n        }\n      }\n      freelancerRating {\n        ...RatingBadge_rating\n      }\n      postsFor {\n        id\n        name\n        completedContractsCount\n        rating {\n          ...RatingBadge_rating\n        }\n      }\n      reviews(first: 10, after: $after) {\n        edges {\n          cursor\n          node {\n            id\n            ...ReviewItem_review\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query UserProfilePage($id: ID!, $after: String) {\n    user(id: $id) {\n      id\n      createdAt\n      completedContractsCount\n      profile {\n        displayName\n        headline\n        biography\n        location\n        hourlyRate {\n          cents\n          currency\n        }\n        links {\n          url\n          label\n        }\n        skills {\n          id\n          name\n        }\n      }\n      freelancerRating {\n        ...RatingBadge_rating\n      }\n      postsFor {\n        id\n        name\n        completedContractsCount\n        rating {\n          ...RatingBadge_rating\n        }\n      }\n      reviews(first: 10, after: $after) {\n        edges {\n          cursor\n          node {\n            id\n            ...ReviewItem_review\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotificationPreferences {\n    notificationPreferences {\n      kind\n      emailDigest\n    }\n  }\n"): (typeof documents)["\n  query NotificationPreferences {\n    notificationPreferences {\n      kind\n      emailDigest\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateNotificationPreferences($input: UpdateNotificationPreferencesInput!) {\n    updateNotificationPreferences(input: $input) {\n      kind\n      emailDigest\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateNotificationPreferences($input: UpdateNotificationPreferencesInput!) {\n    updateNotificationPreferences(input: $input) {\n      kind\n      emailDigest\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Session {\n    me {\n      id\n      email\n      emailVerified\n      profile {\n        displayName\n      }\n      employers {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query Session {\n    me {\n      id\n      email\n      emailVerified\n      profile {\n        displayName\n      }\n      employers {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut {\n    signOut\n  }\n"): (typeof documents)["\n  mutation SignOut {\n    signOut\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;