import { Link } from 'react-router';
import { useTitle } from '../lib/useTitle';

/**
 * What an address that leads nowhere shows: an unknown path, or an id that names nothing this
 * viewer may see (a gig, a conversation, a contract…). It says so plainly and offers a way on.
 */
export function NotFoundPage({
  title = 'Page not found',
  message = 'There is nothing at this address. The link may be wrong or out of date.',
  linkTo = '/',
  linkLabel = 'Find a gig',
}: {
  title?: string;
  message?: string;
  linkTo?: string;
  linkLabel?: string;
}) {
  useTitle(title);
  return (
    <section className="narrow not-found">
      <h1>{title}</h1>
      <p className="lead">{message}</p>
      <p>
        <Link className="button" to={linkTo}>
          {linkLabel}
        </Link>
      </p>
    </section>
  );
}
