import { useSubscription } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { getFragmentData, graphql } from '../../gql';
import { ChatMessage_message } from './ChatMessage';
import { appendMessage, markMineRead } from './useConversation';

const ConversationEventsDocument = graphql(`
  subscription ConversationEvents($conversationId: ID!) {
    conversationEvents(conversationId: $conversationId) {
      __typename
      ... on MessageAddedEvent {
        message {
          id
          cursor
          ...ChatMessage_message
        }
      }
      ... on MessagesReadEvent {
        readAt
        lastReadMessage {
          id
        }
        reader {
          id
        }
      }
      ... on TypingEvent {
        at
        user {
          id
        }
      }
    }
  }
`);

const TYPING_SHOWN_MS = 5000;

/**
 * The conversation live: new messages join the cached list, read receipts mark mine read, and
 * `typing` is true for a few seconds after the other person typed (until their message arrives).
 */
export function useConversationEvents(conversationId: string, viewerId: string | undefined): { typing: boolean } {
  const [typing, setTyping] = useState(false);
  const typingTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(typingTimer.current), []);

  const showTyping = (shown: boolean) => {
    clearTimeout(typingTimer.current);
    setTyping(shown);
    if (shown) typingTimer.current = setTimeout(() => setTyping(false), TYPING_SHOWN_MS);
  };

  useSubscription(ConversationEventsDocument, {
    variables: { conversationId },
    skip: !conversationId,
    onData: ({ client, data: result }) => {
      const event = result.data?.conversationEvents;
      if (!event) return;
      if (event.__typename === 'MessageAddedEvent') {
        appendMessage(client.cache, conversationId, event.message);
        if (getFragmentData(ChatMessage_message, event.message).from.id !== viewerId) showTyping(false);
      } else if (event.__typename === 'MessagesReadEvent') {
        if (viewerId) markMineRead(client.cache, conversationId, viewerId, event.lastReadMessage.id, event.readAt);
      } else if (event.__typename === 'TypingEvent' && event.user.id !== viewerId) {
        showTyping(true);
      }
    },
  });
  return { typing };
}
