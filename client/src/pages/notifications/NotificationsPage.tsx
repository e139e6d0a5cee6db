import { useMutation, useQuery } from '@apollo/client/react';
import { useRef } from 'react';
import { Link } from 'react-router';
import { LoadMore } from '../../components/LoadMore';
import { EmptyState, queryFallback } from '../../components/States';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatDateTime } from '../../lib/format';
import { useTitle } from '../../lib/useTitle';
import { settle } from '../../lib/settle';

const NotificationsPageDocument = graphql(`
  query NotificationsPage($after: String) {
    notifications(first: 30, after: $after) {
      unreadCount
      edges {
        cursor
        node {
          id
          ...NotificationItem_notification
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const MarkNotificationsReadDocument = graphql(`
  mutation MarkNotificationsRead($ids: [ID!]) {
    markNotificationsRead(ids: $ids) {
      markedCount
      unreadCount
    }
  }
`);

const NotificationItem_notification = graphql(`
  fragment NotificationItem_notification on Notification {
    id
    kind
    payload
    createdAt
    readAt
  }
`);

/** One notification, unread ones marked; opening an unread one marks it read. */
function NotificationItem(props: { notification: FragmentType<typeof NotificationItem_notification>; onOpen: (id: string) => void }) {
  const notification = getFragmentData(NotificationItem_notification, props.notification);
  const { text, to } = describe(notification.kind, notification.payload as Record<string, unknown>);
  const unread = !notification.readAt;
  const open = () => {
    if (unread) props.onOpen(notification.id);
  };
  return (
    <li className={`notification${unread ? ' notification--unread' : ''}`}>
      {unread && <span className="visually-hidden">Unread: </span>}
      {to ? (
        <Link to={to} onClick={open}>
          {text}
        </Link>
      ) : (
        <span>{text}</span>
      )}
      <time className="muted small" dateTime={notification.createdAt}>
        {formatDateTime(notification.createdAt)}
      </time>
    </li>
  );
}

interface Described {
  text: string;
  to: string | null;
}

/** A notification in words, and where it leads; the payload carries global ids and a summary. */
function describe(kind: string, payload: Record<string, unknown>): Described {
  const str = (key: string) => (typeof payload[key] === 'string' ? (payload[key] as string) : null);
  switch (kind) {
    case 'MESSAGE_RECEIVED':
      return { text: `New message: “${str('preview') ?? ''}”`, to: str('conversationId') && `/inbox/${str('conversationId')}` };
    case 'SAVED_SEARCH_MATCH': {
      const names = Array.isArray(payload.savedSearchNames) ? (payload.savedSearchNames as string[]).join(', ') : '';
      return { text: `New gig for your saved search${names ? ` “${names}”` : ''}: ${str('listingTitle') ?? ''}`, to: str('listingId') && `/gigs/${str('listingId')}` };
    }
    case 'REVIEW_AWAITING_YOURS': {
      const closesAt = str('reviewWindowClosesAt');
      const by = closesAt ? ` by ${formatDateTime(closesAt)}` : '';
      const contractId = str('contractId');
      return { text: `${str('authorName') ?? 'The other party'} has reviewed you: write yours${by} and both appear together`, to: contractId && `/contracts/${contractId}` };
    }
    case 'LISTING_EXPIRING': {
      const expiresAt = str('expiresAt');
      return { text: `“${str('title') ?? 'Your gig'}” leaves the catalogue${expiresAt ? ` on ${formatDateTime(expiresAt)}` : ' soon'}: renew it to keep it open`, to: str('listingId') && `/gigs/${str('listingId')}` };
    }
    case 'LISTING_EXPIRED':
      return { text: `“${str('title') ?? 'Your gig'}” has expired and left the catalogue: renew it to open it again`, to: str('listingId') && `/gigs/${str('listingId')}` };
    default: {
      const contractId = str('contractId');
      return { text: str('summary') ?? kind.toLowerCase().replace(/_/g, ' '), to: contractId && `/contracts/${contractId}` };
    }
  }
}

export function NotificationsPage() {
  useTitle('Notifications');
  const { data, loading, error, refetch, fetchMore } = useQuery(NotificationsPageDocument, { fetchPolicy: 'cache-and-network' });
  const [markRead, { loading: marking }] = useMutation(MarkNotificationsReadDocument, { refetchQueries: ['NotificationsPage', 'NotificationBell'] });
  const notifications = data?.notifications;
  const list = useRef<HTMLUListElement>(null);

  return (
    <section className="narrow-wide">
      <div className="row row--between">
        <h1>Notifications</h1>
        {notifications && notifications.unreadCount > 0 && (
          <button type="button" className="button button--secondary" disabled={marking} onClick={() => settle(markRead({ variables: {} }))}>
            Mark all as read
          </button>
        )}
      </div>
      <p>
        <Link to="/searches">Saved searches and alerts</Link> · <Link to="/settings/notifications">Notification emails</Link>
      </p>
      {queryFallback({ data, loading, error, refetch })}
      {notifications &&
        (notifications.edges.length === 0 ? (
          <EmptyState title="Nothing new.">
            <p>Messages, contract changes and gigs matching your saved searches show up here.</p>
          </EmptyState>
        ) : (
          <ul className="plain notification-list" ref={list}>
            {notifications.edges.map(({ node }) => (
              <NotificationItem key={node.id} notification={node} onOpen={(id) => settle(markRead({ variables: { ids: [id] } }))} />
            ))}
          </ul>
        ))}
      {notifications?.pageInfo.hasNextPage && <LoadMore list={list} onLoad={() => fetchMore({ variables: { after: notifications.pageInfo.endCursor } })} />}
    </section>
  );
}
