import type { MigrationInterface } from 'typeorm';
import { Schema1795616322929 } from './1795616322929-Schema';
import { TaxonomySearchAndIntegrity1795616400000 } from './1795616400000-TaxonomySearchAndIntegrity';
import { SignInAttempts1795616500000 } from './1795616500000-SignInAttempts';
import { DraftsMayBeIncomplete1795621300000 } from './1795621300000-DraftsMayBeIncomplete';
import { NotificationPayloadLocalIds1795621400000 } from './1795621400000-NotificationPayloadLocalIds';
import { TechnologyAwareSearch1795700000000 } from './1795700000000-TechnologyAwareSearch';
import { CatalogSample1795750000000 } from './1795750000000-CatalogSample';
import { CatalogSampleFacets1795750000001 } from './1795750000001-CatalogSampleFacets';
import { CatalogProjectTypeIndex1795750000002 } from './1795750000002-CatalogProjectTypeIndex';
import { EndingsReviewsProfiles1795800000000 } from './1795800000000-EndingsReviewsProfiles';
import { ProfileSkillPositions1795810000000 } from './1795810000000-ProfileSkillPositions';
import { ContractAfterCancellation1795810000001 } from './1795810000001-ContractAfterCancellation';
import { JobQueue1795900000000 } from './1795900000000-JobQueue';
import { AccountTokens1795900100000 } from './1795900100000-AccountTokens';
import { ListingTerms1796000000000 } from './1796000000000-ListingTerms';
import { ListingCountryCodes1796010000000 } from './1796010000000-ListingCountryCodes';
import { ListingExpiry1796100000000 } from './1796100000000-ListingExpiry';
import { NotificationDigests1796150000000 } from './1796150000000-NotificationDigests';
import { NotificationDigestsBaseline1796150000001 } from './1796150000001-NotificationDigestsBaseline';
import { SavedSearchTerms1796170000000 } from './1796170000000-SavedSearchTerms';
import { MailThrottle1796180000000 } from './1796180000000-MailThrottle';
import { NotificationPendingSince1796180000001 } from './1796180000001-NotificationPendingSince';
import { ReviewOncePerConversationSide1796200000000 } from './1796200000000-ReviewOncePerConversationSide';
import { CatalogFacetTotals1796300000000 } from './1796300000000-CatalogFacetTotals';
import { CatalogTechnologyIndex1796300000001 } from './1796300000001-CatalogTechnologyIndex';
import { CatalogAliasRewriteRules1796300000002 } from './1796300000002-CatalogAliasRewriteRules';
import { MessagePositions1796400000000 } from './1796400000000-MessagePositions';
import { MessageClientIds1796500000000 } from './1796500000000-MessageClientIds';
import { BudgetSortIndexesByGroup1796600000000 } from './1796600000000-BudgetSortIndexesByGroup';

/** In order. A generated migration is added here by hand (`npm run migration:generate`). */
export const migrations: Array<new () => MigrationInterface> = [
  Schema1795616322929,
  TaxonomySearchAndIntegrity1795616400000,
  SignInAttempts1795616500000,
  DraftsMayBeIncomplete1795621300000,
  NotificationPayloadLocalIds1795621400000,
  TechnologyAwareSearch1795700000000,
  CatalogSample1795750000000,
  CatalogSampleFacets1795750000001,
  CatalogProjectTypeIndex1795750000002,
  EndingsReviewsProfiles1795800000000,
  ProfileSkillPositions1795810000000,
  ContractAfterCancellation1795810000001,
  JobQueue1795900000000,
  AccountTokens1795900100000,
  ListingTerms1796000000000,
  ListingCountryCodes1796010000000,
  ListingExpiry1796100000000,
  NotificationDigests1796150000000,
  NotificationDigestsBaseline1796150000001,
  SavedSearchTerms1796170000000,
  MailThrottle1796180000000,
  NotificationPendingSince1796180000001,
  ReviewOncePerConversationSide1796200000000,
  CatalogFacetTotals1796300000000,
  CatalogTechnologyIndex1796300000001,
  CatalogAliasRewriteRules1796300000002,
  MessagePositions1796400000000,
  MessageClientIds1796500000000,
  BudgetSortIndexesByGroup1796600000000,
];
