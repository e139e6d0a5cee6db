import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { FormError, InlineSelect } from '../../components/Field';
import { EmptyState, queryFallback } from '../../components/States';
import { NotFoundPage } from '../NotFoundPage';
import { Table } from '../../components/Table';
import { graphql } from '../../gql';
import { messageOf } from '../../lib/errors';
import { formatDateTime, formatMoney } from '../../lib/format';
import { useTitle } from '../../lib/useTitle';
import { useSession } from '../../session';
import { BUNDLES, checkoutReturnPath, PAYMENT_STATUS_LABELS, useStartCheckout } from './checkout';

const CreditsPageDocument = graphql(`
  query CreditsPage($employerId: ID!) {
    creditPricing {
      unitAmountCents
      currency
      mode
    }
    employer(id: $employerId) {
      id
      name
      credits
      creditLedger {
        purchases {
          id
          quantity
          amountCents
          currency
          status
          createdAt
          paidAt
        }
        spends {
          listingId
          spentAt
          listing {
            id
            title
          }
        }
      }
    }
  }
`);

export function CreditsPage() {
  useTitle('Posting credits');
  const { viewer } = useSession();
  const [params, setParams] = useSearchParams();
  const employers = viewer?.employers ?? [];
  const employerId = params.get('employer') ?? employers[0]?.id ?? '';

  if (!employers.length) {
    return (
      <section className="narrow">
        <h1>Posting credits</h1>
        <EmptyState title="Credits belong to an employer, and you are not a member of one yet.">
          <Link className="button" to="/employers/new?next=/credits">
            Create an employer
          </Link>
        </EmptyState>
      </section>
    );
  }

  // An employer in the address one is not a member of (or none at all): only members see credits.
  if (!employers.some((employer) => employer.id === employerId)) {
    return <NotFoundPage title="Employer not found" message="There is no employer of yours at this address, so no credits to show. The link may be wrong or out of date." linkTo="/credits" linkLabel="Your credits" />;
  }

  return (
    <section>
      <h1>Posting credits</h1>
      <CheckoutOutcome />
      {employers.length > 1 && (
        <InlineSelect
          id="credits-employer"
          label="Employer"
          value={employerId}
          options={employers.map((employer) => ({ value: employer.id, label: employer.name }))}
          onChange={(employer) => setParams({ employer })}
        />
      )}
      <EmployerCredits employerId={employerId} />
    </section>
  );
}

/** Back from Stripe Checkout: the webhook grants the credits, so say so rather than promise them. */
function CheckoutOutcome() {
  const [params] = useSearchParams();
  const outcome = params.get('checkout');
  const back = checkoutReturnPath(params.get('payment'));
  if (outcome === 'success') {
    return (
      <p className="notice" role="status">
        Thank you! Your credits appear here as soon as the payment provider confirms the payment.
        {back && (
          <>
            {' '}
            <Link to={back}>Continue where you left off</Link>
          </>
        )}
      </p>
    );
  }
  if (outcome === 'cancelled') {
    return (
      <p className="notice" role="status">
        The checkout was cancelled; nothing was charged.
      </p>
    );
  }
  return null;
}

function EmployerCredits({ employerId }: { employerId: string }) {
  const [params] = useSearchParams();
  const waitingForWebhook = params.get('checkout') === 'success';
  const { data, loading, error, refetch } = useQuery(CreditsPageDocument, {
    variables: { employerId },
    fetchPolicy: 'cache-and-network',
    pollInterval: waitingForWebhook ? 3000 : 0,
  });
  const [startCheckout, { loading: starting }] = useStartCheckout();
  const [checkoutError, setCheckoutError] = useState<unknown>(null);
  const [quantity, setQuantity] = useState<number | null>(null);

  const fallback = queryFallback({ data, loading, error, refetch });
  if (fallback) return fallback;
  const employer = data?.employer;
  const pricing = data?.creditPricing;
  if (!employer || !pricing) return <EmptyState title="This employer does not exist." />;
  if (!employer.creditLedger) return <EmptyState title="Only members of this employer can see its credits." />;

  const buy = async (n: number) => {
    setCheckoutError(null);
    setQuantity(n);
    try {
      await startCheckout(employer.id, n, `/credits?employer=${encodeURIComponent(employer.id)}`);
    } catch (e) {
      setCheckoutError(e);
    }
  };

  return (
    <div className="stack">
      <div className="card">
        <p>
          <strong className="big-number">{employer.credits ?? 0}</strong> unspent {employer.credits === 1 ? 'credit' : 'credits'} for{' '}
          <Link to={`/employers/${employer.id}`}>{employer.name}</Link>. Publishing a gig spends one.
        </p>
      </div>

      <section aria-labelledby="buy-heading">
        <h2 id="buy-heading">Buy credits</h2>
        {pricing.mode === 'TEST' && <p className="notice">Test mode: you confirm the payment on a test page and no card is charged.</p>}
        <FormError message={checkoutError ? messageOf(checkoutError) : null} />
        <ul className="bundles plain">
          {BUNDLES.map((n) => (
            <li key={n} className="card bundle">
              <p className="bundle__count">
                {n} {n === 1 ? 'credit' : 'credits'}
              </p>
              <p className="bundle__price">{formatMoney(n * pricing.unitAmountCents, pricing.currency)}</p>
              <button type="button" className="button" onClick={() => void buy(n)} disabled={starting}>
                {starting && quantity === n ? 'Starting checkout…' : `Buy ${n} ${n === 1 ? 'credit' : 'credits'}`}
              </button>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="ledger-heading">
        <h2 id="ledger-heading">Ledger</h2>
        <h3>Purchases</h3>
        {employer.creditLedger.purchases.length ? (
          <Table columns={['Started', 'Credits', 'Amount', 'Status']}>
            {employer.creditLedger.purchases.map((purchase) => (
              <tr key={purchase.id}>
                <td>{formatDateTime(purchase.createdAt)}</td>
                <td>{purchase.quantity}</td>
                <td>{formatMoney(purchase.amountCents, purchase.currency)}</td>
                <td>
                  {purchase.status === 'PAID' && purchase.paidAt ? `Paid ${formatDateTime(purchase.paidAt)}` : PAYMENT_STATUS_LABELS[purchase.status]}
                </td>
              </tr>
            ))}
          </Table>
        ) : (
          <p className="muted">No purchases yet.</p>
        )}
        <h3>Spent</h3>
        {employer.creditLedger.spends.length ? (
          <Table columns={['When', 'Published gig']}>
            {employer.creditLedger.spends.map((spend) => (
              <tr key={spend.listingId}>
                <td>{formatDateTime(spend.spentAt)}</td>
                <td>
                  <Link to={`/gigs/${spend.listing.id}`}>{spend.listing.title}</Link>
                </td>
              </tr>
            ))}
          </Table>
        ) : (
          <p className="muted">No credits spent yet.</p>
        )}
      </section>
    </div>
  );
}
