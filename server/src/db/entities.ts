import { ProfileSkillEntity } from '../modules/accounts/profile-skill.entity';
import { ProfileEntity } from '../modules/accounts/profile.entity';
import { SessionEntity } from '../modules/accounts/session.entity';
import { UserEntity } from '../modules/accounts/user.entity';
import {
  ProjectSuperTypeEntity,
  ProjectTypeEntity,
  TechnologyClassEntity,
  TechnologyEntity,
} from '../modules/taxonomy/taxonomy.entity';
import { ChangeOrderEntity } from '../modules/contracts/change-order.entity';
import { ContractDetailsEntity } from '../modules/contracts/contract-details.entity';
import { ContractEventEntity } from '../modules/contracts/contract-event.entity';
import { ContractEntity } from '../modules/contracts/contract.entity';
import { EmployerMemberEntity } from '../modules/employers/employer-member.entity';
import { EmployerEntity } from '../modules/employers/employer.entity';
import { ListingTechnologyEntity } from '../modules/listings/listing-technology.entity';
import { ListingEntity } from '../modules/listings/listing.entity';
import { ConversationEntity } from '../modules/messaging/conversation.entity';
import { MessageEntity } from '../modules/messaging/message.entity';
import { NotificationEntity } from '../modules/notifications/notification.entity';
import { CreditEntity } from '../modules/payments/credit.entity';
import { PaymentEntity } from '../modules/payments/payment.entity';
import { ProcessedWebhookEventEntity } from '../modules/payments/processed-webhook-event.entity';
import { ReviewEntity } from '../modules/reviews/review.entity';
import { SavedSearchEntity } from '../modules/saved-searches/saved-search.entity';

export const entities = [
  UserEntity,
  ProfileEntity,
  ProfileSkillEntity,
  SessionEntity,
  EmployerEntity,
  EmployerMemberEntity,
  ProjectSuperTypeEntity,
  ProjectTypeEntity,
  TechnologyClassEntity,
  TechnologyEntity,
  ListingEntity,
  ListingTechnologyEntity,
  PaymentEntity,
  CreditEntity,
  ProcessedWebhookEventEntity,
  ConversationEntity,
  MessageEntity,
  SavedSearchEntity,
  ContractEntity,
  ContractDetailsEntity,
  ContractEventEntity,
  ChangeOrderEntity,
  NotificationEntity,
  ReviewEntity,
];
