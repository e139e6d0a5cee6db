import { useApolloClient, useQuery, useSubscription } from '@apollo/client/react';
import type { ReactNode } from 'react';
import { Link, NavLink, useNavigate } from 'react-router';
import { graphql } from '../gql';
import { useSession } from '../session';
import { refetchActive } from '../lib/refetchActive';
import { settle } from '../lib/settle';

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
  const { viewer, signOut } = useSession();
  const navigate = useNavigate();

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="brand">
            Tech<span>Gigs</span>
          </Link>
          <nav aria-label="Main" className="site-nav">
            <ul>
              <li>
                <NavLink to="/" end>
                  Find gigs
                </NavLink>
              </li>
              <li>
                <NavLink to="/post">Post a gig</NavLink>
              </li>
              {viewer ? (
                <>
                  <SignedInNav />
                  <li>
                    <NavLink to="/profile">{viewer.profile.displayName}</NavLink>
                  </li>
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
        {children}
      </main>
      <footer className="site-footer">
        <p>TechGigs — side gigs for people who build software.</p>
      </footer>
    </>
  );
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
