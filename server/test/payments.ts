import { type TestApp } from './harness';
import { buildPoster, type BuiltPoster } from './factories';
import type { EmployerEntity } from '../src/modules/employers/employer.entity';

/* What the payment tests share. */

export const PUBLIC_URL = 'https://techgigs.test';
export const WEBHOOK_SECRET = 'whsec_x';

export const START = `mutation ($employerId: ID!, $quantity: Int!) {
  startCreditCheckout(employerId: $employerId, quantity: $quantity) { id url payment { id status quantity amountCents currency provider paidAt } }
}`;
export const CONFIRM = `mutation ($id: ID!) { confirmTestCheckout(id: $id) { id status quantity paidAt employer { id } } }`;
export const LEDGER = `query ($id: ID!) {
  employer(id: $id) {
    credits
    creditLedger {
      purchases { id quantity amountCents currency status provider createdAt paidAt }
      spends { listingId spentAt listing { id title status } }
    }
  }
}`;

export const localIdOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

export const poster = (app: TestApp): Promise<BuiltPoster> => buildPoster(app.app);

export async function paymentRows(app: TestApp, employer: EmployerEntity): Promise<Array<{ id: string; status: string; provider: string; provider_session_id: string | null; amount_cents: number }>> {
  return app.app.deps.ds.query('SELECT id, status, provider, provider_session_id, amount_cents FROM payments WHERE employer_id = $1', [employer.id]);
}

export async function creditCount(app: TestApp, employer: EmployerEntity): Promise<number> {
  const [{ count }] = await app.app.deps.ds.query('SELECT count(*)::int AS count FROM credits WHERE employer_id = $1', [employer.id]);
  return count;
}
