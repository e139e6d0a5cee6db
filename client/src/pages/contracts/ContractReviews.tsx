import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { FormError, TextArea } from '../../components/Field';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { useFormErrors } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { Link } from 'react-router';
import { RatingBadge } from '../profiles/RatingBadge';
import { ReviewItem } from '../profiles/ReviewItem';
import { noReviewsSentence } from './review-state';
import { contractParties } from './summary';

const ContractReviews_contract = graphql(`
  fragment ContractReviews_contract on Contract {
    id
    viewerRole
    viewerSide
    reviewWindowClosesAt
    viewerCanReview
    viewerHasBeenReviewed
    ...ContractParties_contract
    reviews {
      id
      publishedAt
      author {
        id
      }
      ...ReviewItem_review
    }
  }
`);

const WorkerReputation_contract = graphql(`
  fragment WorkerReputation_contract on Contract {
    worker {
      id
      profile {
        displayName
      }
      completedContractsCount
      freelancerRating {
        ...RatingBadge_rating
      }
    }
  }
`);

/** The freelancer's name, rating and completed contracts, linking to their public profile. */
export function WorkerReputation(props: { contract: FragmentType<typeof WorkerReputation_contract> }) {
  const { worker } = getFragmentData(WorkerReputation_contract, props.contract);
  return (
    <p className="muted">
      Freelancer: <Link to={`/users/${worker.id}`}>{worker.profile.displayName}</Link> · <RatingBadge rating={worker.freelancerRating} /> · {worker.completedContractsCount}{' '}
      completed {worker.completedContractsCount === 1 ? 'contract' : 'contracts'}
    </p>
  );
}

const SubmitReviewDocument = graphql(`
  mutation SubmitReview($contractId: ID!, $input: ReviewInput!) {
    submitReview(contractId: $contractId, input: $input) {
      id
      publishedAt
    }
  }
`);

const refetch = { refetchQueries: ['ContractPage'], awaitRefetchQueries: true };

/**
 * Reviews after the contract ended. Double-blind: a party's review stays hidden from the other
 * until both have reviewed or the window closes; the form says so before anyone writes.
 */
export function ContractReviews(props: { contract: FragmentType<typeof ContractReviews_contract> }) {
  const contract = getFragmentData(ContractReviews_contract, props.contract);
  // When the page was read: the window's state is told as of then (a reload tells it anew).
  const [readAt] = useState(() => Date.now());
  const closesAt = contract.reviewWindowClosesAt;
  if (!closesAt) return null;
  const isWorker = contract.viewerRole === 'WORKER';
  const { employer, freelancer } = contractParties(contract);
  const other = isWorker ? employer : freelancer;
  const own = contract.reviews.find((review) => review.publishedAt === null);
  const published = contract.reviews.filter((review) => review.publishedAt !== null);

  return (
    <section className="stack" aria-labelledby="reviews-heading">
      <h2 id="reviews-heading">Reviews</h2>
      {contract.viewerCanReview && <ReviewForm contractId={contract.id} other={other} closesAt={closesAt} awaited={contract.viewerHasBeenReviewed} />}
      {own && (
        <p role="status" className="success">
          Your review is saved; both appear when {other} reviews you too, or on {formatDateTime(closesAt)}, whichever comes first. Until then only you can read it.
        </p>
      )}
      {published.length > 0 ? (
        <ul className="plain review-list">
          {published.map((review) => (
            <li key={review.id}>
              <ReviewItem review={review} />
            </li>
          ))}
        </ul>
      ) : (
        !own &&
        !contract.viewerCanReview && (
          <p className="muted">
            {noReviewsSentence({
              windowClosed: Date.parse(closesAt) <= readAt,
              role: contract.viewerRole ?? null,
              side: contract.viewerSide ?? null,
              reviewed: contract.viewerHasBeenReviewed,
              other,
              closesAt: formatDateTime(closesAt),
            })}
          </p>
        )
      )}
      {own && <ReviewItem review={own} />}
    </section>
  );
}

/** `awaited`: the other party has already reviewed the viewer (hidden until this review is in or the window closes). */
function ReviewForm({ contractId, other, closesAt, awaited }: { contractId: string; other: string; closesAt: string; awaited: boolean }) {
  const [submit, { loading }] = useMutation(SubmitReviewDocument, refetch);
  const [rating, setRating] = useState<number | null>(null);
  const [body, setBody] = useState('');
  const { errors, setErrors, formError, run, formRef, failed } = useFormErrors();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (rating === null) {
      setErrors({ rating: 'Choose from 1 to 5 stars.' });
      failed();
      return;
    }
    void run(() => submit({ variables: { contractId, input: { rating, body } } }));
  };

  return (
    <form ref={formRef} className="card stack no-print" onSubmit={onSubmit} noValidate aria-labelledby="review-form-heading">
      <h3 id="review-form-heading">Review {other}</h3>
      {awaited ? (
        <p className="muted">
          {other} has already reviewed you. Write yours by {formatDateTime(closesAt)} and both appear together: reviews are double-blind, so neither of you can read the other’s
          before then, and neither can be changed afterwards.
        </p>
      ) : (
        <p className="muted">
          Reviews are double-blind: {other} cannot read yours until they have reviewed you too, or until {formatDateTime(closesAt)} (14 days after the contract ended). Then both
          appear together on your profiles and can no longer be changed.
        </p>
      )}
      <FormError message={formError} />
      <fieldset className="star-choice" aria-describedby={errors.rating ? 'rating-error' : undefined}>
        <legend>Rating</legend>
        {[1, 2, 3, 4, 5].map((stars) => (
          <label key={stars} className="check">
            <input type="radio" name="rating" value={stars} checked={rating === stars} onChange={() => setRating(stars)} aria-invalid={Boolean(errors.rating)} />
            <span>
              {stars} {stars === 1 ? 'star' : 'stars'}
            </span>
          </label>
        ))}
      </fieldset>
      {errors.rating && (
        <p id="rating-error" className="field__error">
          {errors.rating}
        </p>
      )}
      <TextArea label="Your review" name="body" rows={4} value={body} onChange={(e) => setBody(e.target.value)} error={errors.body} />
      <div className="row">
        <button type="submit" className="button" disabled={loading}>
          {loading ? 'Saving…' : 'Submit review'}
        </button>
      </div>
    </form>
  );
}
