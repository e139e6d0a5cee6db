import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';
import { badInput, conflict, forbidden, notFound, serviceUnavailable } from '../../errors';
import { isUuid } from '../../db/ids';
import type { Infrastructure } from '../../infrastructure';
import type { EmployersService } from '../employers/employers.service';
import type { CreditsService } from './credits.service';
import { PaymentEntity, type PaymentProvider } from './payment.entity';
import { maySeePayment } from './payments.policy';
import type { StripeGateway } from './stripe.gateway';

/** Bundles of 1, 5 and 10 are what the web app offers; any count in this range may be bought. */
export const MIN_CREDIT_QUANTITY = 1;
export const MAX_CREDIT_QUANTITY = 50;
export const CREDIT_QUANTITY_MESSAGE = `must be a whole number from ${MIN_CREDIT_QUANTITY} to ${MAX_CREDIT_QUANTITY}`;

/** The web app's pages for a payment: where the buyer pays in test mode, and where Stripe sends them back. */
export interface PaymentPages {
  testCheckout(paymentId: string): string;
  stripeReturn(paymentId: string, checkout: 'success' | 'cancelled'): string;
}

export interface StartedCheckout {
  payment: PaymentEntity;
  /** Where the buyer goes to pay. */
  url: string;
}

/** What a webhook event did; the route logs it. */
export type WebhookOutcome = 'granted' | 'failed' | 'expired' | 'duplicate' | 'unchanged' | 'ignored';

interface PaidPayment {
  id: string;
  employerId: string;
  userId: string;
  quantity: number;
}


/**
 * Buying credits. A payment starts PENDING and leaves it at most once: to PAID, by a conditional
 * update in the same transaction that inserts its credits, or to FAILED or EXPIRED (no credits).
 * In Stripe mode only the verified webhook moves it, never a browser reaching the success URL.
 */
export class PaymentsService {
  constructor(
    private readonly deps: Infrastructure,
    private readonly employers: EmployersService,
    private readonly credits: CreditsService,
    private readonly stripe: StripeGateway,
    private readonly pages: PaymentPages,
  ) {}

  /** Stripe when a secret key is configured, otherwise the app's own test checkout. */
  get mode(): PaymentProvider {
    return this.deps.config.stripe.secretKey ? 'stripe' : 'test';
  }

  private get testCheckoutRefusal(): string | null {
    if (this.mode === 'stripe') return 'Test checkout is disabled: this server takes payments through Stripe';
    if (this.deps.config.nodeEnv === 'production') return 'Test checkout is disabled in production, and no Stripe key is configured';
    return null;
  }

  async startCheckout(userId: string, employerId: string, quantity: number): Promise<StartedCheckout> {
    if (!Number.isInteger(quantity) || quantity < MIN_CREDIT_QUANTITY || quantity > MAX_CREDIT_QUANTITY) {
      throw badInput({ quantity: CREDIT_QUANTITY_MESSAGE });
    }
    await this.employers.requireRole(userId, employerId);
    const provider = this.mode;
    if (provider === 'test' && this.testCheckoutRefusal) throw forbidden(this.testCheckoutRefusal);

    const { creditPriceCents, currency } = this.deps.config.stripe;
    const payments = this.deps.ds.getRepository(PaymentEntity);
    const payment = await payments.save(
      payments.create({
        employerId,
        userId,
        provider,
        providerSessionId: null,
        quantity,
        amountCents: quantity * creditPriceCents,
        currency,
        status: 'PENDING',
        paidAt: null,
      }),
    );
    if (provider === 'test') return { payment, url: this.pages.testCheckout(payment.id) };

    let session: { id: string; url: string };
    try {
      session = await this.stripe.createCheckoutSession({
        paymentId: payment.id,
        quantity,
        unitAmountCents: creditPriceCents,
        currency,
        successUrl: this.pages.stripeReturn(payment.id, 'success'),
        cancelUrl: this.pages.stripeReturn(payment.id, 'cancelled'),
      });
    } catch (error) {
      this.deps.logger.error({ paymentId: payment.id, stripeError: describeStripeError(error) }, 'Stripe did not create a checkout session');
      // The buyer never saw a checkout URL, so nothing can pay for this payment: the mutation leaves no trace.
      await payments.delete({ id: payment.id, status: 'PENDING' });
      throw serviceUnavailable('The payment provider could not start a checkout. Nothing was charged; please try again in a moment.');
    }
    await payments.update({ id: payment.id }, { providerSessionId: session.id });
    payment.providerSessionId = session.id;
    return { payment, url: session.url };
  }

  /**
   * The payment, if `userId` is a member of its employer. A payment is visible to those members
   * only, so for anyone else it is NOT_FOUND exactly like an unknown id.
   */
  async requireVisiblePayment(userId: string, paymentId: string): Promise<PaymentEntity> {
    const payment = await this.deps.ds.getRepository(PaymentEntity).findOneBy({ id: paymentId });
    if (!payment || !(await maySeePayment(this.deps.ds.manager, payment, userId))) throw notFound('Payment');
    return payment;
  }

  /** Test mode only: the test checkout page's "pay" button. Confirming again changes nothing. */
  async confirmTestCheckout(userId: string, paymentId: string): Promise<PaymentEntity> {
    if (this.testCheckoutRefusal) throw forbidden(this.testCheckoutRefusal);
    const payment = await this.requireVisiblePayment(userId, paymentId);
    if (payment.provider !== 'test') throw forbidden('This payment is paid through Stripe, not the test checkout');

    return this.deps.ds.transaction(async (manager) => {
      const paid = await this.markPaid(manager, paymentId, 'test', null);
      if (paid) await this.credits.grant(manager, paid);
      const current = await manager.findOneByOrFail(PaymentEntity, { id: paymentId });
      if (current.status !== 'PAID') throw conflict(`This checkout is ${current.status.toLowerCase()}; start a new one`);
      return current;
    });
  }

  /** A verified Stripe event. Safe to call any number of times, concurrently, with the same event. */
  async handleStripeEvent(event: Stripe.Event): Promise<WebhookOutcome> {
    switch (event.type) {
      // Delayed payment methods (bank debits) complete the session `unpaid`: the payment stays
      // PENDING until one of the two async events below settles it.
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded':
        if (event.data.object.payment_status !== 'paid') return 'ignored';
        return this.settleStripeSession(event, event.data.object, 'PAID');
      case 'checkout.session.async_payment_failed':
        return this.settleStripeSession(event, event.data.object, 'FAILED');
      case 'checkout.session.expired':
        return this.settleStripeSession(event, event.data.object, 'EXPIRED');
      default:
        return 'ignored';
    }
  }

  private async settleStripeSession(event: Stripe.Event, session: Stripe.Checkout.Session, to: 'PAID' | 'FAILED' | 'EXPIRED'): Promise<WebhookOutcome> {
    const paymentId = session.metadata?.paymentId ?? session.client_reference_id;
    const consistent = !session.client_reference_id || session.client_reference_id === paymentId;
    if (!paymentId || !isUuid(paymentId) || !consistent) {
      this.deps.logger.warn({ eventId: event.id, sessionId: session.id }, 'Stripe checkout session without a TechGigs payment id: ignored');
      return 'ignored';
    }

    return this.deps.ds.transaction(async (manager) => {
      // A concurrent delivery of the same event waits here on the primary key until this one commits.
      const recorded: unknown[] = await manager.query(
        `INSERT INTO processed_webhook_events (id, type) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [event.id, event.type],
      );
      if (recorded.length === 0) return 'duplicate';

      if (to === 'PAID') {
        const paid = await this.markPaid(manager, paymentId, 'stripe', session.id);
        if (!paid) return 'unchanged';
        await this.credits.grant(manager, paid);
        return 'granted';
      }
      // Only a PENDING payment ends unpaid: a paid one never goes back, a settled one never moves.
      const [ended] = (await manager.query(
        `UPDATE payments SET status = $3
          WHERE id = $1 AND provider = 'stripe' AND provider_session_id = $2 AND status = 'PENDING'
          RETURNING id`,
        [paymentId, session.id, to],
      )) as [Array<{ id: string }>, number];
      if (ended.length === 0) return 'unchanged';
      return to === 'FAILED' ? 'failed' : 'expired';
    });
  }

  /**
   * PENDING → PAID, only if it still is PENDING: of two transactions racing here the second
   * waits for the first's row lock, re-reads the row, and matches nothing.
   */
  private async markPaid(manager: EntityManager, paymentId: string, provider: PaymentProvider, sessionId: string | null): Promise<PaidPayment | null> {
    const [rows] = (await manager.query(
      `UPDATE payments SET status = 'PAID', paid_at = now()
        WHERE id = $1 AND provider = $2 AND status = 'PENDING'
          AND ($3::text IS NULL OR provider_session_id = $3)
        RETURNING id, employer_id, user_id, quantity`,
      [paymentId, provider, sessionId],
    )) as [Array<{ id: string; employer_id: string; user_id: string; quantity: number }>, number];
    const row = rows[0];
    return row ? { id: row.id, employerId: row.employer_id, userId: row.user_id, quantity: row.quantity } : null;
  }
}

/** Enough to diagnose a Stripe failure in the logs, without request headers or keys. */
function describeStripeError(error: unknown): Record<string, unknown> {
  if (error && typeof error === 'object' && 'type' in error) {
    const { type, code, statusCode, requestId, message } = error as Record<string, unknown>;
    return { type, code, statusCode, requestId, message };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}
