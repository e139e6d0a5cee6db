import Stripe from 'stripe';
import type { Infrastructure } from '../../infrastructure';

export interface NewCheckoutSession {
  paymentId: string;
  quantity: number;
  unitAmountCents: number;
  currency: string;
  successUrl: string;
  cancelUrl: string;
}

export class StripeNotConfiguredError extends Error {}

/**
 * The one place that talks to Stripe. `STRIPE_API_BASE` points the client at another address
 * (stripe-mock, a test double) with the same host, port and protocol options Stripe documents.
 */
export class StripeGateway {
  private client: Stripe | undefined;

  constructor(private readonly deps: Infrastructure) {}

  get enabled(): boolean {
    return Boolean(this.deps.config.stripe.secretKey);
  }

  private stripe(): Stripe {
    if (this.client) return this.client;
    const { secretKey, apiBase } = this.deps.config.stripe;
    if (!secretKey) throw new StripeNotConfiguredError('STRIPE_SECRET_KEY is not set');
    this.client = new Stripe(secretKey, {
      // The idempotency key makes retries safe: Stripe answers a repeat with the first session.
      maxNetworkRetries: 2,
      timeout: 20_000,
      telemetry: false,
      ...(apiBase
        ? {
            host: apiBase.hostname,
            port: apiBase.port || (apiBase.protocol === 'http:' ? 80 : 443),
            protocol: apiBase.protocol === 'http:' ? ('http' as const) : ('https' as const),
          }
        : {}),
    });
    return this.client;
  }

  async createCheckoutSession(input: NewCheckoutSession): Promise<{ id: string; url: string }> {
    const session = await this.stripe().checkout.sessions.create(
      {
        mode: 'payment',
        line_items: [
          {
            quantity: input.quantity,
            price_data: {
              currency: input.currency,
              unit_amount: input.unitAmountCents,
              product_data: { name: 'TechGigs posting credit' },
            },
          },
        ],
        metadata: { paymentId: input.paymentId },
        client_reference_id: input.paymentId,
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
      },
      { idempotencyKey: `techgigs-checkout-${input.paymentId}` },
    );
    if (!session.url) throw new Error(`Stripe checkout session ${session.id} came back without a url`);
    return { id: session.id, url: session.url };
  }

  /**
   * Verifies `Stripe-Signature` over the exact bytes received (Stripe's default tolerance of
   * 300 seconds) and parses the event; throws Stripe's SignatureVerificationError otherwise.
   */
  verifyWebhook(rawBody: Buffer, signature: string): Stripe.Event {
    const { webhookSecret } = this.deps.config.stripe;
    if (!webhookSecret) throw new StripeNotConfiguredError('STRIPE_WEBHOOK_SECRET is not set');
    return Stripe.webhooks.constructEvent(rawBody, signature, webhookSecret);
  }
}
