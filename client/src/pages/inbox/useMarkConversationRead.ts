import { useMutation } from '@apollo/client/react';
import { useEffect } from 'react';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { settle } from '../../lib/settle';
import { ChatMessage_message } from './ChatMessage';
import { markTheirsRead } from './useConversation';

const MarkConversationReadDocument = graphql(`
  mutation MarkConversationRead($conversationId: ID!) {
    markConversationRead(conversationId: $conversationId) {
      id
      unreadCount
    }
  }
`);

/**
 * Reading the page is reading the messages: while the page is visible and shows messages unread by
 * the viewer, tell the server (the sender sees a read receipt) and clear the badges.
 */
export function useMarkConversationRead(conversationId: string, viewerId: string | undefined, messageRefs: ReadonlyArray<FragmentType<typeof ChatMessage_message>>): void {
  const [markRead] = useMutation(MarkConversationReadDocument, { refetchQueries: ['InboxBadge', 'NotificationBell'] });
  const messages = getFragmentData(ChatMessage_message, messageRefs);
  const unreadToMe = messages.some((message) => message.from.id !== viewerId && !message.read);
  const messageCount = messages.length;

  useEffect(() => {
    if (!conversationId || !viewerId || !unreadToMe) return;
    const mark = () => {
      if (document.visibilityState !== 'visible') return;
      settle(markRead({ variables: { conversationId }, update: (cache) => markTheirsRead(cache, conversationId, viewerId, new Date().toISOString()) }));
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [conversationId, viewerId, unreadToMe, messageCount, markRead]);
}
