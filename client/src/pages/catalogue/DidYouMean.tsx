import { Link, useSearchParams } from 'react-router';

/** "Did you mean …": the server's near spelling of a search that found little (`ListingConnection.suggestedQuery`). */
export function DidYouMean({ query }: { query: string }) {
  const [params] = useSearchParams();
  const next = new URLSearchParams(params);
  next.set('q', query);
  return (
    <p className="did-you-mean">
      Did you mean <Link to={{ search: `?${next.toString()}` }}>{query}</Link>?
    </p>
  );
}
