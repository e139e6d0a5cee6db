import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { errorOf, ok, startTestApp, type TestApp } from '../../../test/harness';
import type { EmployerEntity } from '../employers/employer.entity';
import { employerGid } from '../../../test/ids';
import { CONFIRM, creditCount, LEDGER, localIdOf, paymentRows, poster, PUBLIC_URL, START, WEBHOOK_SECRET } from '../../../test/payments';

interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  form: Record<string, string>;
}

/** Stands in for api.stripe.com: records what the server sends and answers like Stripe. */
class FakeStripe {
  readonly requests: RecordedRequest[] = [];
  failNext: { status: number; body: unknown } | null = null;
  private server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(body));
      this.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, form });
      res.setHeader('content-type', 'application/json');
      res.setHeader('request-id', `req_${randomUUID().slice(0, 8)}`);
      if (this.failNext) {
        const { status, body: failure } = this.failNext;
        res.statusCode = status;
        res.setHeader('stripe-should-retry', 'false');
        res.end(JSON.stringify(failure));
        return;
      }
      if (req.method !== 'POST' || req.url !== '/v1/checkout/sessions') {
        res.statusCode = 404;
        res.end(JSON.stringify({ error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${req.url})` } }));
        return;
      }
      const id = `cs_test_${randomUUID().replace(/-/g, '')}`;
      res.end(
        JSON.stringify({
          id,
          object: 'checkout.session',
          mode: 'payment',
          status: 'open',
          payment_status: 'unpaid',
          url: `https://checkout.stripe.test/c/pay/${id}`,
          client_reference_id: form.client_reference_id,
          metadata: { paymentId: form['metadata[paymentId]'] },
          currency: form['line_items[0][price_data][currency]'],
          amount_total: Number(form['line_items[0][price_data][unit_amount]']) * Number(form['line_items[0][quantity]']),
          success_url: form.success_url,
          cancel_url: form.cancel_url,
          livemode: false,
        }),
      );
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }
}

describe('Stripe mode', () => {
  const fake = new FakeStripe();
  let s: TestApp;
  beforeAll(async () => {
    const apiBase = await fake.start();
    s = await startTestApp({ env: { PUBLIC_URL, STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: apiBase } });
  });
  afterAll(async () => {
    await s.stop();
    await fake.stop();
  });

  interface Checkout {
    employer: EmployerEntity;
    token: string;
    /** Global id of the payment. */
    id: string;
    paymentId: string;
    sessionId: string;
    quantity: number;
  }

  async function checkout(quantity = 4): Promise<Checkout> {
    const { token, employer } = await poster(s);
    const started = ok(await s.gql(START, { employerId: employerGid(employer), quantity }, token)).startCreditCheckout;
    const sessionId = /cs_test_\w+$/.exec(started.url)![0];
    return { employer, token, id: started.id, paymentId: localIdOf(started.id), sessionId, quantity };
  }

  function stripeEvent(type: string, c: Checkout, session: Record<string, unknown> = {}, eventId = `evt_${randomUUID().replace(/-/g, '')}`): string {
    return JSON.stringify({
      id: eventId,
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: Math.floor(Date.now() / 1000),
      type,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: {
        object: {
          id: c.sessionId,
          object: 'checkout.session',
          mode: 'payment',
          status: type === 'checkout.session.expired' ? 'expired' : 'complete',
          payment_status: type === 'checkout.session.expired' || type === 'checkout.session.async_payment_failed' ? 'unpaid' : 'paid',
          client_reference_id: c.paymentId,
          metadata: { paymentId: c.paymentId },
          amount_total: c.quantity * 2500,
          currency: 'usd',
          ...session,
        },
      },
    });
  }

  function deliver(payload: string, options: { signedPayload?: string; timestamp?: number; secret?: string; signature?: string | null } = {}): Promise<Response> {
    const signature =
      options.signature === undefined
        ? Stripe.webhooks.generateTestHeaderString({ payload: options.signedPayload ?? payload, secret: options.secret ?? WEBHOOK_SECRET, timestamp: options.timestamp })
        : options.signature;
    return fetch(`${s.url}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...(signature === null ? {} : { 'stripe-signature': signature }) },
      body: payload,
    });
  }

  async function paymentStatus(c: Checkout): Promise<string> {
    const [row] = await s.app.deps.ds.query('SELECT status FROM payments WHERE id = $1', [c.paymentId]);
    return row.status;
  }

  async function processed(eventPayload: string): Promise<boolean> {
    const rows = await s.app.deps.ds.query('SELECT 1 FROM processed_webhook_events WHERE id = $1', [JSON.parse(eventPayload).id]);
    return rows.length > 0;
  }

  it('creates a Checkout Session with the amount, currency, metadata, URLs and an idempotency key', async () => {
    fake.requests.length = 0;
    const c = await checkout(3);
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/checkout/sessions');
    expect(request.headers.authorization).toBe('Bearer sk_test_x');
    expect(request.headers['idempotency-key']).toBe(`techgigs-checkout-${c.paymentId}`);
    expect(request.form).toEqual({
      mode: 'payment',
      'line_items[0][quantity]': '3',
      'line_items[0][price_data][currency]': 'usd',
      'line_items[0][price_data][unit_amount]': '2500',
      'line_items[0][price_data][product_data][name]': 'TechGigs posting credit',
      'metadata[paymentId]': c.paymentId,
      client_reference_id: c.paymentId,
      success_url: `${PUBLIC_URL}/credits?checkout=success&payment=${c.id}`,
      cancel_url: `${PUBLIC_URL}/credits?checkout=cancelled&payment=${c.id}`,
    });

    const [row] = await paymentRows(s, c.employer);
    expect(row).toEqual({ id: c.paymentId, status: 'PENDING', provider: 'stripe', provider_session_id: c.sessionId, amount_cents: 7_500 });
    expect(ok(await s.gql(LEDGER, { id: employerGid(c.employer) }, c.token)).employer.credits).toBe(0);
  });

  it('answers with the session url, and reaching the success URL grants nothing', async () => {
    const c = await checkout(2);
    expect(ok(await s.gql(LEDGER, { id: employerGid(c.employer) }, c.token)).employer.creditLedger.purchases).toEqual([
      expect.objectContaining({ id: c.id, status: 'PENDING', provider: 'STRIPE' }),
    ]);
    await fetch(`${s.url}/credits?checkout=success&payment=${c.id}`);
    expect(await paymentStatus(c)).toBe('PENDING');
    expect(await creditCount(s, c.employer)).toBe(0);
  });

  it('masks a Stripe failure and leaves nothing behind', async () => {
    const { token, employer } = await poster(s);
    fake.failNext = { status: 400, body: { error: { type: 'invalid_request_error', message: 'Secret internals: account acct_123 misconfigured' } } };
    try {
      const error = errorOf(await s.gql(START, { employerId: employerGid(employer), quantity: 1 }, token));
      expect(error.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(error.message).toMatch(/payment provider/);
      expect(JSON.stringify(error)).not.toMatch(/acct_123|internals|sk_test/);
    } finally {
      fake.failNext = null;
    }
    expect(await paymentRows(s, employer)).toEqual([]);
  });

  it('refuses the test checkout', async () => {
    const c = await checkout(1);
    const error = errorOf(await s.gql(CONFIRM, { id: c.id }, c.token));
    expect(error).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringContaining('Stripe') });
    expect(await paymentStatus(c)).toBe('PENDING');
    expect(ok(await s.gql('{ creditPricing { mode } }')).creditPricing.mode).toBe('STRIPE');
  });

  it('grants the credits on a verified checkout.session.completed', async () => {
    const c = await checkout(4);
    const payload = stripeEvent('checkout.session.completed', c);
    const response = await deliver(payload);
    expect(response.status).toBe(200);
    expect(await paymentStatus(c)).toBe('PAID');
    expect(await creditCount(s, c.employer)).toBe(4);
    expect(await processed(payload)).toBe(true);
    const ledger = ok(await s.gql(LEDGER, { id: employerGid(c.employer) }, c.token)).employer;
    expect(ledger.credits).toBe(4);
    expect(ledger.creditLedger.purchases[0]).toMatchObject({ status: 'PAID', paidAt: expect.any(String) });
  });

  it('refuses a tampered body, a wrong secret and a missing signature with 400, changing nothing', async () => {
    const c = await checkout(2);
    const other = await checkout(5);
    const genuine = stripeEvent('checkout.session.completed', c);
    const tampered = genuine.replace(c.paymentId, other.paymentId).replace(c.sessionId, other.sessionId);
    expect((await deliver(tampered, { signedPayload: genuine })).status).toBe(400);
    expect((await deliver(genuine, { secret: 'whsec_someone_else' })).status).toBe(400);
    expect((await deliver(genuine, { signature: null })).status).toBe(400);
    expect((await deliver(genuine, { signature: 't=1,v1=deadbeef' })).status).toBe(400);
    for (const checkoutOf of [c, other]) {
      expect(await paymentStatus(checkoutOf)).toBe('PENDING');
      expect(await creditCount(s, checkoutOf.employer)).toBe(0);
    }
    expect(await processed(genuine)).toBe(false);
  });

  it('refuses a stale signature (older than Stripe’s 300 s tolerance) with 400', async () => {
    const c = await checkout(2);
    const payload = stripeEvent('checkout.session.completed', c);
    const response = await deliver(payload, { timestamp: Math.floor(Date.now() / 1000) - 360 });
    expect(response.status).toBe(400);
    expect(await paymentStatus(c)).toBe('PENDING');
    expect(await creditCount(s, c.employer)).toBe(0);
  });

  it('grants once when the same event arrives 4 times, 3 of them at once', async () => {
    const c = await checkout(3);
    const payload = stripeEvent('checkout.session.completed', c);
    const concurrent = await Promise.all([deliver(payload), deliver(payload), deliver(payload)]);
    expect(concurrent.map((response) => response.status)).toEqual([200, 200, 200]);
    expect((await deliver(payload)).status).toBe(200);
    expect(await creditCount(s, c.employer)).toBe(3);
    expect(await paymentStatus(c)).toBe('PAID');
  });

  it('grants once when different events complete the same session, even at once', async () => {
    const c = await checkout(2);
    const first = stripeEvent('checkout.session.completed', c);
    const second = stripeEvent('checkout.session.completed', c);
    const third = stripeEvent('checkout.session.async_payment_succeeded', c);
    const statuses = (await Promise.all([deliver(first), deliver(second), deliver(third)])).map((response) => response.status);
    expect(statuses).toEqual([200, 200, 200]);
    expect(await creditCount(s, c.employer)).toBe(2);
  });

  it('waits for payment when a session completes unpaid, and grants on async_payment_succeeded', async () => {
    const c = await checkout(2);
    expect((await deliver(stripeEvent('checkout.session.completed', c, { payment_status: 'unpaid' }))).status).toBe(200);
    expect(await paymentStatus(c)).toBe('PENDING');
    expect((await deliver(stripeEvent('checkout.session.async_payment_succeeded', c))).status).toBe(200);
    expect(await paymentStatus(c)).toBe('PAID');
    expect(await creditCount(s, c.employer)).toBe(2);
  });

  it('marks an expired session EXPIRED, and never un-pays a paid one', async () => {
    const c = await checkout(2);
    expect((await deliver(stripeEvent('checkout.session.expired', c))).status).toBe(200);
    expect(await paymentStatus(c)).toBe('EXPIRED');
    expect(await creditCount(s, c.employer)).toBe(0);

    const paid = await checkout(1);
    await deliver(stripeEvent('checkout.session.completed', paid));
    expect((await deliver(stripeEvent('checkout.session.expired', paid))).status).toBe(200);
    expect(await paymentStatus(paid)).toBe('PAID');
    expect(await creditCount(s, paid.employer)).toBe(1);
  });

  it('marks a delayed payment that fails FAILED, grants nothing, and shows it in the ledger', async () => {
    const c = await checkout(3);
    expect((await deliver(stripeEvent('checkout.session.completed', c, { payment_status: 'unpaid' }))).status).toBe(200);
    expect(await paymentStatus(c)).toBe('PENDING');
    const failed = stripeEvent('checkout.session.async_payment_failed', c);
    expect((await deliver(failed)).status).toBe(200);
    expect(await paymentStatus(c)).toBe('FAILED');
    expect(await processed(failed)).toBe(true);
    expect(await creditCount(s, c.employer)).toBe(0);
    const ledger = ok(await s.gql(LEDGER, { id: employerGid(c.employer) }, c.token)).employer;
    expect(ledger.credits).toBe(0);
    expect(ledger.creditLedger.purchases).toEqual([expect.objectContaining({ id: c.id, status: 'FAILED', paidAt: null })]);

    // Redelivered, or followed by an expiry or a success that cannot be real: nothing moves.
    expect((await deliver(failed)).status).toBe(200);
    await deliver(stripeEvent('checkout.session.expired', c));
    await deliver(stripeEvent('checkout.session.async_payment_succeeded', c));
    expect(await paymentStatus(c)).toBe('FAILED');
    expect(await creditCount(s, c.employer)).toBe(0);
  });

  it('never turns a paid payment into a failed one, whatever arrives and however often', async () => {
    const c = await checkout(2);
    expect((await deliver(stripeEvent('checkout.session.completed', c, { payment_status: 'unpaid' }))).status).toBe(200);
    const succeeded = stripeEvent('checkout.session.async_payment_succeeded', c);
    expect((await deliver(succeeded)).status).toBe(200);
    expect(await paymentStatus(c)).toBe('PAID');
    const failures = [stripeEvent('checkout.session.async_payment_failed', c), stripeEvent('checkout.session.async_payment_failed', c)];
    const statuses = (await Promise.all([...failures, succeeded].map((payload) => deliver(payload)))).map((response) => response.status);
    expect(statuses).toEqual([200, 200, 200]);
    expect(await paymentStatus(c)).toBe('PAID');
    expect(await creditCount(s, c.employer)).toBe(2);
  });

  it('settles once when success and failure of the same session race', async () => {
    const c = await checkout(2);
    const results = await Promise.all([
      deliver(stripeEvent('checkout.session.async_payment_failed', c)),
      deliver(stripeEvent('checkout.session.async_payment_succeeded', c)),
    ]);
    expect(results.map((response) => response.status)).toEqual([200, 200]);
    const status = await paymentStatus(c);
    expect(['PAID', 'FAILED']).toContain(status);
    expect(await creditCount(s, c.employer)).toBe(status === 'PAID' ? 2 : 0);
  });

  it('shows an expired checkout as EXPIRED in the ledger', async () => {
    const c = await checkout(1);
    expect((await deliver(stripeEvent('checkout.session.expired', c))).status).toBe(200);
    const ledger = ok(await s.gql(LEDGER, { id: employerGid(c.employer) }, c.token)).employer;
    expect(ledger.creditLedger.purchases).toEqual([expect.objectContaining({ id: c.id, status: 'EXPIRED', paidAt: null })]);
  });

  it('grants nothing when the session does not match the payment', async () => {
    const c = await checkout(2);
    const other = await checkout(2);
    const payload = stripeEvent('checkout.session.completed', c, { id: other.sessionId });
    expect((await deliver(payload)).status).toBe(200);
    expect(await paymentStatus(c)).toBe('PENDING');
    expect(await paymentStatus(other)).toBe('PENDING');
    expect(await creditCount(s, c.employer)).toBe(0);
    expect(await creditCount(s, other.employer)).toBe(0);
  });

  it('acknowledges other event types with 200 and changes nothing', async () => {
    const c = await checkout(2);
    const payload = stripeEvent('payment_intent.succeeded', c);
    expect((await deliver(payload)).status).toBe(200);
    expect(await paymentStatus(c)).toBe('PENDING');
    expect(await creditCount(s, c.employer)).toBe(0);
    expect(await processed(payload)).toBe(false);
  });
});
