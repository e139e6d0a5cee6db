import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect } from 'react';
import { graphql } from '../../gql';
import { settle } from '../../lib/settle';

const RecentNotificationsDocument = graphql(`
  query RecentNotifications {
    notifications(first: 50) {
      edges {
        node {
          id
          readAt
          payload
        }
      }
    }
  }
`);

const ReadNotificationsAboutDocument = graphql(`
  mutation ReadNotificationsAbout($ids: [ID!]) {
    markNotificationsRead(ids: $ids) {
      markedCount
      unreadCount
    }
  }
`);

/** What a notification points at: the payload's global id of a contract, conversation or gig. */
export type NotificationTarget = { contractId: string } | { conversationId: string } | { listingId: string };

/**
 * Seeing the thing a notification is about is reading the notification: the viewer's unread
 * notifications about `target` (among the 50 newest) are marked read once it is on screen, and the
 * bell follows. `null` while the page does not show it (still loading, or not the viewer's).
 */
export function useReadNotificationsAbout(target: NotificationTarget | null): void {
  const { data } = useQuery(RecentNotificationsDocument, { skip: !target, fetchPolicy: 'cache-and-network' });
  const [markRead] = useMutation(ReadNotificationsAboutDocument, { refetchQueries: ['NotificationBell', 'NotificationsPage', 'RecentNotifications'] });
  const [key, id] = target ? Object.entries(target)[0] : [];
  const unread = (data?.notifications.edges ?? [])
    .filter(({ node }) => !node.readAt && key && (node.payload as Record<string, unknown> | null)?.[key] === id)
    .map(({ node }) => node.id);
  const ids = unread.join(',');

  useEffect(() => {
    if (ids) settle(markRead({ variables: { ids: ids.split(',') } }));
  }, [ids, markRead]);
}
