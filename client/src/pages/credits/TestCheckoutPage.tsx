import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { FormError } from '../../components/Field';
import { queryFallback } from '../../components/States';
import { NotFoundPage } from '../NotFoundPage';
import { graphql } from '../../gql';
import { messageOf } from '../../lib/errors';
import { formatMoney } from '../../lib/format';
import { useTitle } from '../../lib/useTitle';
import { checkoutReturnPath, forgetCheckoutReturn, PAYMENT_STATUS_LABELS } from './checkout';

const TestCheckoutDocument = graphql(`
  query TestCheckout($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Payment {
        quantity
        amountCents
        currency
        status
        provider
        employer {
          id
          name
        }
      }
    }
  }
`);

const ConfirmTestCheckoutDocument = graphql(`
  mutation ConfirmTestCheckout($id: ID!) {
    confirmTestCheckout(id: $id) {
      id
      status
      paidAt
      employer {
        id
        credits
      }
    }
  }
`);

/** Test mode's stand-in for Stripe Checkout: shows the order and pays it without a card. */
export function TestCheckoutPage() {
  useTitle('Test checkout');
  const [params] = useSearchParams();
  const paymentId = params.get('payment') ?? '';
  const navigate = useNavigate();
  const { data, loading, error, refetch } = useQuery(TestCheckoutDocument, { variables: { id: paymentId }, skip: !paymentId });
  const [confirm, { loading: confirming }] = useMutation(ConfirmTestCheckoutDocument);
  const [confirmError, setConfirmError] = useState<unknown>(null);

  // No payment named, or one this viewer may not see (or no payment at all): a Not found page, with a heading and a way on.
  const notFound = <NotFoundPage title="Payment not found" message="There is no payment of yours to check out at this address. The link may be wrong or out of date." linkTo="/credits" linkLabel="Buy credits" />;
  if (!paymentId) return notFound;
  const fallback = queryFallback({ data, loading, error, refetch }, { notFound });
  if (fallback) return fallback;
  const payment = data?.node?.__typename === 'Payment' ? data.node : null;
  if (!payment) return notFound;

  const back = checkoutReturnPath(paymentId) ?? `/credits?employer=${encodeURIComponent(payment.employer.id)}`;
  const pay = async () => {
    setConfirmError(null);
    try {
      await confirm({ variables: { id: paymentId } });
      forgetCheckoutReturn(paymentId);
      navigate(back, { replace: true });
    } catch (e) {
      setConfirmError(e);
    }
  };

  return (
    <section className="narrow">
      <h1>Test checkout</h1>
      <p className="notice">This server runs payments in test mode: no card is charged and the credits are granted when you confirm.</p>
      <div className="card stack">
        <h2>Your order</h2>
        <dl className="summary">
          <dt>Credits</dt>
          <dd>{payment.quantity}</dd>
          <dt>For</dt>
          <dd>{payment.employer.name}</dd>
          <dt>Total</dt>
          <dd>{formatMoney(payment.amountCents, payment.currency)}</dd>
          <dt>Status</dt>
          <dd>{payment.status === 'PENDING' ? 'Waiting for payment' : PAYMENT_STATUS_LABELS[payment.status]}</dd>
        </dl>
        <FormError message={confirmError ? messageOf(confirmError) : null} />
        {payment.status === 'PENDING' ? (
          <div className="row">
            <button type="button" className="button" onClick={() => void pay()} disabled={confirming}>
              {confirming ? 'Confirming…' : 'Confirm test payment'}
            </button>
            <Link to={back}>Cancel</Link>
          </div>
        ) : (
          <Link className="button" to={back}>
            Continue
          </Link>
        )}
      </div>
    </section>
  );
}
