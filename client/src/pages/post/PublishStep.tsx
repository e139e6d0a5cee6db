import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { FormError } from '../../components/Field';
import { ResendVerificationButton } from '../../components/VerifyEmailBanner';
import { graphql } from '../../gql';
import { errorCodeOf, fieldErrorsOf, messageOf, useFocusFirstInvalid } from '../../lib/errors';
import { formatMoney } from '../../lib/format';
import { useSession } from '../../session';
import { BUNDLES, useStartCheckout } from '../credits/checkout';
import { MissingNotice } from './MissingNotice';
import type { Missing, StepKey } from './steps';

const PublishListingDocument = graphql(`
  mutation PublishListing($id: ID!) {
    publishListing(id: $id) {
      id
      ...ListingStatus_listing
      employer {
        id
        credits
      }
    }
  }
`);

/** Publishing spends one of the employer's credits; with none left, buy a bundle and come back here. */
export function PublishStep({
  listingId,
  employer,
  missing,
  onEdit,
  onBack,
}: {
  listingId: string;
  employer: { id: string; name: string; credits?: number | null };
  missing: Missing[];
  onEdit: (step: StepKey) => void;
  onBack: () => void;
}) {
  const navigate = useNavigate();
  const { viewer } = useSession();
  const [publish, { loading: publishing }] = useMutation(PublishListingDocument);
  const [startCheckout, { loading: starting }] = useStartCheckout();
  const [formError, setFormError] = useState<string | null>(null);
  const { ref, failed } = useFocusFirstInvalid<HTMLDivElement>();
  const credits = employer.credits ?? 0;
  // Publishing needs a verified email (DESIGN §4): said here, before the button, not after pressing it.
  const unverified = viewer?.emailVerified === false;

  const publishNow = async () => {
    setFormError(null);
    try {
      await publish({ variables: { id: listingId } });
      navigate(`/gigs/${listingId}`, { state: { published: true } });
    } catch (error) {
      const code = errorCodeOf(error);
      const fields = fieldErrorsOf(error);
      if (code === 'PAYMENT_REQUIRED') setFormError('You have no credits left: buy a bundle below, then publish.');
      else if (code === 'BAD_USER_INPUT' && Object.keys(fields).length) {
        // The fields are on earlier steps, not beside this sentence: it names each and what to do.
        const problems = Object.entries(fields).map(([name, advice]) => `${fieldLabel(name)}: ${advice.replace(/[.!?]+$/, '')}`);
        setFormError(`Not published. Fix these on their steps first: ${problems.join('; ')}.`);
      } else setFormError(messageOf(error));
      failed();
    }
  };
  const buy = async (quantity: number) => {
    setFormError(null);
    try {
      await startCheckout(employer.id, quantity, `/post/${listingId}?step=publish`);
    } catch (error) {
      setFormError(messageOf(error));
      failed();
    }
  };

  return (
    <div className="stack" ref={ref}>
      <h2>Pay and publish</h2>
      <FormError message={formError} />
      <MissingNotice missing={missing} onEdit={onEdit} />
      {unverified && (
        <div className="notice stack" id="publish-needs-verified">
          <p>
            <strong>Verify your email to publish.</strong> Follow the link we mailed to {viewer.email}; your draft stays saved until then. No mail? Ask for a new
            link:
          </p>
          <ResendVerificationButton />
        </div>
      )}
      <p>
        Publishing puts your gig in the catalogue and spends one posting credit. {employer.name} has{' '}
        <strong>
          {credits} {credits === 1 ? 'credit' : 'credits'}
        </strong>
        .
      </p>
      {credits > 0 ? (
        <div className="row row--end">
          <button type="button" className="button button--secondary" onClick={onBack}>
            Back
          </button>
          <button
            type="button"
            className="button"
            onClick={() => void publishNow()}
            disabled={publishing || missing.length > 0 || unverified}
            aria-describedby={unverified ? 'publish-needs-verified' : undefined}
          >
            {publishing ? 'Publishing…' : 'Publish gig (uses 1 credit)'}
          </button>
        </div>
      ) : (
        <section aria-labelledby="bundles-heading" className="stack">
          <h3 id="bundles-heading">Buy credits to publish</h3>
          <p className="muted">You come back here after paying. {viewer ? '' : 'Sign in first.'}</p>
          <div className="row">
            {BUNDLES.map((n) => (
              <button key={n} type="button" className="button button--secondary" disabled={starting} onClick={() => void buy(n)}>
                Buy {n} {n === 1 ? 'credit' : 'credits'}
              </button>
            ))}
          </div>
          <BundlePrices />
        </section>
      )}
    </div>
  );
}

const FIELD_LABELS: Record<string, string> = { projectTypeId: 'project type', technologyIds: 'technologies' };

/** A field of the draft as a person calls it: `projectTypeId` is "project type", `budgetMinCents` "budget min". */
function fieldLabel(name: string): string {
  return FIELD_LABELS[name] ?? name.replace(/(Ids?|Cents)$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

const CreditPricingDocument = graphql(`
  query CreditPricing {
    creditPricing {
      unitAmountCents
      currency
      mode
    }
  }
`);

function BundlePrices() {
  const { data } = useQuery(CreditPricingDocument);
  if (!data) return null;
  const { unitAmountCents, currency, mode } = data.creditPricing;
  return (
    <p className="muted small">
      {formatMoney(unitAmountCents, currency)} per credit.{mode === 'TEST' ? ' Test mode: no card is charged.' : ''}
    </p>
  );
}
