import { useMutation } from '@apollo/client/react';
import { useNavigate } from 'react-router';
import { graphql } from '../../gql';
import type { PaymentStatus } from '../../gql/graphql';

const StartCreditCheckoutDocument = graphql(`
  mutation StartCreditCheckout($employerId: ID!, $quantity: Int!) {
    startCreditCheckout(employerId: $employerId, quantity: $quantity) {
      id
      url
    }
  }
`);

/** How the web app names each status of a purchase (ledger and test checkout alike). */
export const PAYMENT_STATUS_LABELS: Record<PaymentStatus, string> = {
  PENDING: 'Pending',
  PAID: 'Paid',
  FAILED: 'Failed: the payment was declined, no credits',
  EXPIRED: 'Expired: not paid, no credits',
};

/** The bundles the web app offers. */
export const BUNDLES = [1, 5, 10] as const;

const returnKey = (paymentId: string) => `techgigs.checkout.${paymentId}`;

/** Where to go back to after paying for `paymentId` (set when the checkout started in this tab). */
export function checkoutReturnPath(paymentId: string | null): string | null {
  if (!paymentId) return null;
  const path = sessionStorage.getItem(returnKey(paymentId));
  return path && path.startsWith('/') && !path.startsWith('//') ? path : null;
}

export function forgetCheckoutReturn(paymentId: string): void {
  sessionStorage.removeItem(returnKey(paymentId));
}

/**
 * Starts a checkout and goes where the server says to pay: Stripe Checkout, or in test mode the
 * app's own test checkout page, which is opened inside the app whatever origin the server names.
 */
export function useStartCheckout() {
  const navigate = useNavigate();
  const [start, state] = useMutation(StartCreditCheckoutDocument);
  const begin = async (employerId: string, quantity: number, returnTo: string) => {
    const { data } = await start({ variables: { employerId, quantity } });
    if (!data) return;
    const { id, url } = data.startCreditCheckout;
    sessionStorage.setItem(returnKey(id), returnTo);
    const target = new URL(url, window.location.href);
    if (target.pathname === '/checkout/test') navigate(`${target.pathname}${target.search}`);
    else window.location.assign(target.toString());
  };
  return [begin, state] as const;
}
