import type { ClassType, NonEmptyArray } from 'type-graphql';
import { AccountMailResolver } from '../modules/accounts/account-mail.resolver';
import { AccountsResolver, ProfileResolver } from '../modules/accounts/accounts.resolver';
import { CatalogResolver, ListingEdgeResolver, ListingFacetsResolver } from '../modules/catalog/catalog.resolver';
import { EmployerListingConnectionResolver, EmployerListingsResolver, ListingsResolver } from '../modules/listings/listings.resolver';
import { EmployerMemberResolver, EmployersResolver, UserEmployersResolver } from '../modules/employers/employers.resolver';
import { CreditLedgerResolver, CreditSpendResolver, EmployerCreditsResolver, PaymentsResolver } from '../modules/payments/payments.resolver';
import { ChangeOrdersResolver } from '../modules/contracts/change-orders.resolver';
import { ContractDetailsResolver, ContractEventResolver, ContractsResolver, ContractUpdateResolver, ConversationContractResolver } from '../modules/contracts/contracts.resolver';
import { ConversationsResolver, MessageResolver, MessagesReadEventResolver, TypingEventResolver } from '../modules/messaging/messaging.resolver';
import { SavedSearchFilterResolver, SavedSearchResolver } from '../modules/saved-searches/saved-search.resolver';
import { NotificationsResolver } from '../modules/notifications/notifications.resolver';
import { NotificationPreferencesResolver } from '../modules/notifications/notification-preferences.resolver';
import { TaxonomyResolver } from '../modules/taxonomy/taxonomy.resolver';
import {
  ContractReviewsResolver,
  ContractUpdateReviewResolver,
  EmployerReputationResolver,
  ReviewsResolver,
  UserReputationResolver,
} from '../modules/reviews/reviews.resolver';
import { NodeResolver } from './node';

/** Every resolver of the API. A module adds its resolvers here. */
export const resolvers: NonEmptyArray<ClassType> = [
  NodeResolver,
  AccountsResolver,
  AccountMailResolver,
  ProfileResolver,
  EmployersResolver,
  EmployerMemberResolver,
  UserEmployersResolver,
  TaxonomyResolver,
  CatalogResolver,
  ListingFacetsResolver,
  ListingEdgeResolver,
  ListingsResolver,
  EmployerListingsResolver,
  EmployerListingConnectionResolver,
  PaymentsResolver,
  EmployerCreditsResolver,
  CreditLedgerResolver,
  CreditSpendResolver,
  ContractsResolver, ContractDetailsResolver, ChangeOrdersResolver, ContractEventResolver, ContractUpdateResolver,
  ConversationContractResolver,
  ConversationsResolver, MessageResolver, MessagesReadEventResolver, TypingEventResolver, SavedSearchResolver, SavedSearchFilterResolver, NotificationsResolver,
  NotificationPreferencesResolver,
  ReviewsResolver, ContractReviewsResolver, ContractUpdateReviewResolver, UserReputationResolver, EmployerReputationResolver,
];
