import { AccountMailService } from '../modules/accounts/account-mail.service';
import { AccountsService } from '../modules/accounts/accounts.service';
import { SessionService } from '../modules/accounts/session.service';
import { SignInLimiter } from '../modules/accounts/sign-in-limiter';
import { CatalogService } from '../modules/catalog/catalog.service';
import { ContractJournal } from '../modules/contracts/contract-journal';
import { ContractsService } from '../modules/contracts/contracts.service';
import { EmployersService } from '../modules/employers/employers.service';
import { ListingExpiryService } from '../modules/listings/listing-expiry.service';
import { ListingsService } from '../modules/listings/listings.service';
import { MessagingService } from '../modules/messaging/messaging.service';
import { NotificationsService } from '../modules/notifications/notifications.service';
import { DigestService } from '../modules/notifications/digest.service';
import { CreditsService } from '../modules/payments/credits.service';
import { paymentPages } from '../modules/payments/payment.type';
import { PaymentsService } from '../modules/payments/payments.service';
import { ReviewsService } from '../modules/reviews/reviews.service';
import { StripeGateway } from '../modules/payments/stripe.gateway';
import { SavedSearchService } from '../modules/saved-searches/saved-search.service';
import { TaxonomyService } from '../modules/taxonomy/taxonomy.service';
import type { Infrastructure } from '../infrastructure';
import { systemClock, type Clock } from '../clock';
import type { JobQueue } from '../jobs/queue';
import type { Mailer } from '../mail/mailer';

/** What sends mail: the queue its jobs go through and the transport they end in. */
export interface MailDeps {
  readonly jobs: JobQueue;
  readonly mailer: Mailer;
}

/**
 * The composition root: every service, built once per app in dependency order, each given exactly
 * the services it uses. Modules meet here too: saved searches handle the listings' publish event.
 */
export function createServices(infra: Infrastructure, mail: MailDeps, clock: Clock = systemClock) {
  const sessions = new SessionService(infra);
  const taxonomy = new TaxonomyService(infra);
  const accounts = new AccountsService(infra, sessions, new SignInLimiter(infra), taxonomy);
  const accountMail = new AccountMailService(infra, mail.jobs, mail.mailer, clock);
  accounts.onSignedUp((manager, userId) => accountMail.queueVerification(manager, userId));
  const employers = new EmployersService(infra, accounts);
  const notifications = new NotificationsService(infra);
  const digests = new DigestService(infra, mail.jobs, mail.mailer, clock);
  const credits = new CreditsService(infra);
  const stripe = new StripeGateway(infra);
  const payments = new PaymentsService(infra, employers, credits, stripe, paymentPages(infra.config.publicUrl));
  const listings = new ListingsService(infra, employers, taxonomy, credits, clock, notifications);
  const listingExpiry = new ListingExpiryService(infra, mail.jobs, notifications, clock);
  const catalog = new CatalogService(infra, taxonomy);
  const savedSearches = new SavedSearchService(infra, notifications);
  listings.onPublished((event) => savedSearches.notifyMatches(event.listingId));
  const messaging = new MessagingService(infra, employers, listings, notifications);
  const contractJournal = new ContractJournal(infra, notifications);
  const contracts = new ContractsService(infra, contractJournal, messaging, listings, clock);
  const reviews = new ReviewsService(infra, clock, contractJournal, contracts, mail.jobs);

  return { sessions, accounts, accountMail, employers, taxonomy, notifications, digests, credits, stripe, payments, listings, listingExpiry, catalog, savedSearches, messaging, contracts, reviews };
}

export type AppServices = ReturnType<typeof createServices>;

/** Everything the app is made of: the infrastructure and every service, by name. */
export interface AppDeps extends Infrastructure, MailDeps {
  readonly services: AppServices;
}
