import { useApolloClient, useQuery, useSubscription } from '@apollo/client/react';
import { useCallback, useEffect, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { Link, NavLink, useLocation, useNavigate, useNavigationType } from 'react-router';
import { graphql } from '../gql';
import { useSession } from '../session';
import { refetchActive } from '../lib/refetchActive';
import { settle } from '../lib/settle';
import { focusElement, focusWhenPresent, refocusWhenReplaced } from '../lib/focus';
import { useEscapeToClose } from '../lib/useEscapeToClose';
import { ErrorState } from './States';
import { VerifyEmailBanner } from './VerifyEmailBanner';

const NotificationBellDocument = graphql(`
  query NotificationBell {
    notifications(first: 1) {
      unreadCount
    }
  }
`);

const InboxBadgeDocument = graphql(`
  query InboxBadge {
    conversations(first: 100) {
      edges {
        node {
          id
          unreadCount
        }
      }
    }
  }
`);

const NotificationAddedDocument = graphql(`
  subscription NotificationAdded {
    notificationAdded {
      id
      kind
      ...NotificationItem_notification
    }
  }
`);

export function Layout({ children }: { children: ReactNode }) {
  const { viewer, signOut, error: sessionError, retry: retrySession } = useSession();
  const navigate = useNavigate();
  const { pathname, key } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  useFocusOnNavigation(pathname, useNavigationType() === 'POP');
  // Content replaced in place (a status after a submit, results after "Try again", a closed menu) never leaves the focus on <body>.
  useEffect(() => {
    const main = document.getElementById('main');
    return main ? refocusWhenReplaced(main) : undefined;
  }, []);
  // Escape closes the open menu wherever the focus is, and gives the focus back to its button.
  useEscapeToClose(menuOpen, useCallback(() => setMenuOpen(false), []), menuButton);
  // A link followed in the menu closes it (even to the page one is on): the page is what one wants to see.
  const [menuKey, setMenuKey] = useState(key);
  if (menuKey !== key) {
    setMenuKey(key);
    setMenuOpen(false);
  }

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      {pathname === '/' && (
        <a className="skip-link" href="#results" onClick={skipTo('results')}>
          Skip to results
        </a>
      )}
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="brand">
            Tech<span>Gigs</span>
          </Link>
          <nav aria-label="Main" className="site-nav">
            {/* On a phone the links fold behind one button, so the header keeps to one row. */}
            <button type="button" ref={menuButton} className="menu-button" aria-expanded={menuOpen} aria-controls="site-menu" onClick={() => setMenuOpen(!menuOpen)}>
              <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
                <path fill="currentColor" d="M3 6h18v2H3zm0 5h18v2H3zm0 5h18v2H3z" />
              </svg>
              Menu
            </button>
            <ul id="site-menu" className={menuOpen ? 'site-nav__list site-nav__list--open' : 'site-nav__list'}>
              <li>
                <NavLink to="/" end>
                  Find gigs
                </NavLink>
              </li>
              <li>
                <NavLink to="/post">Post a gig</NavLink>
              </li>
              {viewer || sessionError != null ? (
                <>
                  {viewer && (
                    <>
                      <SignedInNav />
                      <li>
                        <NavLink to="/profile">{viewer.profile.displayName}</NavLink>
                      </li>
                    </>
                  )}
                  <li>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => {
                        navigate('/');
                        void signOut();
                      }}
                    >
                      Sign out
                    </button>
                  </li>
                </>
              ) : (
                <>
                  <li>
                    <NavLink to="/signin">Sign in</NavLink>
                  </li>
                  <li>
                    <NavLink to="/signup" className="button button--small">
                      Sign up
                    </NavLink>
                  </li>
                </>
              )}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <VerifyEmailBanner />
        {/* Still signed in (only UNAUTHENTICATED signs out): the account just could not be read. */}
        {sessionError ? <ErrorState error={sessionError} retry={retrySession} title="Your account could not be loaded: you are still signed in." /> : null}
        {children}
      </main>
      <footer className="site-footer">
        <p>TechGigs — side gigs for people who build software.</p>
      </footer>
    </>
  );
}

/** A skip link that moves the focus itself: following "#results" would add a fragment to the catalogue's address. */
function skipTo(id: string) {
  return (event: MouseEvent) => {
    const target = document.getElementById(id);
    if (!target) return;
    event.preventDefault();
    focusElement(target);
  };
}

/**
 * After a move to another page, the focus goes to its main heading (a wizard's or other page's
 * `[data-focus-heading]` region names a better one), so a screen reader announces where one is
 * and the keyboard starts from there instead of from the top of the document. A page that is still
 * loading gets it as soon as its heading appears. The first page load keeps the browser's focus.
 * Back and Forward leave the scroll where the page puts it (a list keeps its place, `useKeptPlace`).
 */
function useFocusOnNavigation(pathname: string, back: boolean) {
  const shown = useRef(pathname);
  useEffect(() => {
    if (shown.current === pathname) return;
    shown.current = pathname;
    const main = document.getElementById('main');
    if (!main) return;
    return focusWhenPresent(main, (root) => {
      // A page that names its own focus region waits for that region's heading.
      const region = root.querySelector<HTMLElement>('[data-focus-heading]');
      return region ? region.querySelector<HTMLElement>('h1, h2') : root.querySelector<HTMLElement>('h1');
    }, back ? { preventScroll: true } : undefined);
  }, [pathname, back]);
}

/** Inbox, contracts and the bell; both counts stay live through the viewer's notification stream. */
function SignedInNav() {
  const client = useApolloClient();
  const bell = useQuery(NotificationBellDocument, { fetchPolicy: 'cache-and-network' });
  const inbox = useQuery(InboxBadgeDocument, { fetchPolicy: 'cache-and-network' });
  useSubscription(NotificationAddedDocument, {
    onData: ({ data }) => {
      const kind = data.data?.notificationAdded.kind;
      // A message reaches an open chat through its own subscription; other news (a contract
      // started, say) may change what the chat page and the contracts list show.
      const pages = kind === 'MESSAGE_RECEIVED' ? ['InboxPage'] : ['InboxPage', 'ConversationPage', 'ContractsPage'];
      settle(refetchActive(client, ['NotificationBell', 'InboxBadge', 'NotificationsPage', ...pages]));
    },
  });
  const unreadNotifications = bell.data?.notifications.unreadCount ?? 0;
  const unreadMessages = inbox.data?.conversations.edges.reduce((sum, { node }) => sum + node.unreadCount, 0) ?? 0;

  return (
    <>
      <li>
        <NavLink to="/inbox" aria-label={unreadMessages ? `Inbox, ${unreadMessages} unread` : 'Inbox'}>
          Inbox{' '}
          {unreadMessages > 0 && (
            <span className="badge" aria-hidden="true">
              {unreadMessages}
            </span>
          )}
        </NavLink>
      </li>
      <li>
        <NavLink to="/contracts">Contracts</NavLink>
      </li>
      <li>
        <NavLink to="/notifications" className="bell" aria-label={unreadNotifications ? `Notifications, ${unreadNotifications} unread` : 'Notifications'}>
          <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
            <path
              fill="currentColor"
              d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
            />
          </svg>
          {unreadNotifications > 0 && (
            <span className="badge" aria-hidden="true">
              {unreadNotifications}
            </span>
          )}
        </NavLink>
      </li>
    </>
  );
}
