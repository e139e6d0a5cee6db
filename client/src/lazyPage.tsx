import { Component, lazy, Suspense, type ReactNode } from 'react';
import { Routes, useLocation } from 'react-router';
import { Loading } from './components/States';

/**
 * A page in a chunk of its own, fetched the first time it is shown: the catalogue's first load
 * carries only its own code. `name` is the page's named export.
 *
 * Each page has a Suspense boundary of its own: React Router moves between pages in a transition,
 * which keeps the old page on screen while the new one suspends, so a boundary above the routes
 * would say nothing while a page's chunk crawls in over a slow network. A boundary that mounts
 * with the new page shows its wait at once.
 */
export function lazyPage<Name extends string>(load: () => Promise<Record<Name, () => ReactNode>>, name: Name): () => ReactNode {
  const Page = lazy(async () => {
    try {
      const page: () => ReactNode = (await load())[name];
      return { default: page };
    } catch (error) {
      throw new PageLoadError(name, { cause: error });
    }
  });
  return function LazyPage() {
    return (
      <Suspense fallback={<PageLoading />}>
        <Page />
      </Suspense>
    );
  };
}

function PageLoading() {
  return <Loading label="Loading the page…" />;
}

/** A page's chunk did not arrive (the browser's own error says little, and differently in each). */
class PageLoadError extends Error {
  constructor(page: string, options: ErrorOptions) {
    super(`Could not load ${page}`, options);
    this.name = 'PageLoadError';
  }
}

/**
 * The app's `<Routes>`, where pages load: a spinner announced politely while a page's chunk arrives, and a plain
 * sentence with a way out when it cannot (offline, or a new release has replaced the old chunks:
 * reloading fetches the new version). Going to another address tries again.
 */
export function PageRoutes({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return (
    <PageLoadBoundary pathname={pathname}>
      <Suspense fallback={<PageLoading />}>
        <Routes>{children}</Routes>
      </Suspense>
    </PageLoadBoundary>
  );
}

/** Answers a page that could not load; any other error goes on up as before. */
class PageLoadBoundary extends Component<{ pathname: string; children: ReactNode }, { error: unknown; pathname: string }> {
  state: { error: unknown; pathname: string } = { error: undefined, pathname: this.props.pathname };

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }

  static getDerivedStateFromProps(props: { pathname: string }, state: { error: unknown; pathname: string }) {
    return props.pathname === state.pathname ? null : { error: undefined, pathname: props.pathname };
  }

  render() {
    if (this.state.error === undefined) return this.props.children;
    if (!(this.state.error instanceof PageLoadError)) throw this.state.error;
    return (
      <div className="state state--error" role="alert">
        <p>This page could not be loaded. Check your connection, then reload; if TechGigs was just updated, reloading gets the new version.</p>
        <button type="button" className="button button--secondary" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}
