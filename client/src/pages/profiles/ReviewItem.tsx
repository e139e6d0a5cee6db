import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { FormError, TextArea } from '../../components/Field';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { useFormErrors } from '../../lib/errors';
import { formatDate } from '../../lib/format';

export const ReviewItem_review = graphql(`
  fragment ReviewItem_review on Review {
    id
    rating
    body
    createdAt
    publishedAt
    reply
    repliedAt
    viewerCanReply
    author {
      id
      profile {
        displayName
      }
    }
  }
`);

const ReplyToReviewDocument = graphql(`
  mutation ReplyToReview($reviewId: ID!, $body: String!) {
    replyToReview(reviewId: $reviewId, body: $body) {
      id
      ...ReviewItem_review
    }
  }
`);

/** Stars as text a screen reader reads as a number. */
export function Stars({ rating }: { rating: number }) {
  return (
    <span className="stars" role="img" aria-label={`${rating} out of 5 stars`}>
      {'★'.repeat(rating)}
      {'☆'.repeat(5 - rating)}
    </span>
  );
}

/** One review with its reply; the user it is about may reply once. */
export function ReviewItem(props: { review: FragmentType<typeof ReviewItem_review> }) {
  const review = getFragmentData(ReviewItem_review, props.review);
  const [reply, { loading }] = useMutation(ReplyToReviewDocument);
  const [body, setBody] = useState('');
  const { errors, formError, run, formRef } = useFormErrors();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(() => reply({ variables: { reviewId: review.id, body } }));
  };

  return (
    <article className="card review" aria-label={`Review by ${review.author.profile.displayName}`}>
      <p>
        <Stars rating={review.rating} />{' '}
        <strong>
          <Link to={`/users/${review.author.id}`}>{review.author.profile.displayName}</Link>
        </strong>{' '}
        <span className="muted small">{formatDate(review.publishedAt ?? review.createdAt)}</span>
      </p>
      <p className="pre-wrap">{review.body}</p>
      {review.reply && (
        <blockquote className="review__reply">
          <p className="muted small">Reply{review.repliedAt ? `, ${formatDate(review.repliedAt)}` : ''}</p>
          <p className="pre-wrap">{review.reply}</p>
        </blockquote>
      )}
      {review.viewerCanReply && (
        <form ref={formRef} className="stack" onSubmit={submit} noValidate>
          <FormError message={formError} />
          <TextArea label="Your public reply (once; it cannot be changed)" name="body" rows={3} value={body} onChange={(e) => setBody(e.target.value)} error={errors.body} />
          <div className="row">
            <button type="submit" className="button button--secondary" disabled={loading}>
              {loading ? 'Replying…' : 'Post reply'}
            </button>
          </div>
        </form>
      )}
    </article>
  );
}
