import { Link } from 'react-router';
import { EmptyState } from '../components/States';
import { useTitle } from '../lib/useTitle';

export function NotFoundPage() {
  useTitle('Page not found');
  return (
    <section>
      <h1>Page not found</h1>
      <EmptyState title="There is nothing at this address.">
        <Link to="/">Find a gig</Link>
      </EmptyState>
    </section>
  );
}
