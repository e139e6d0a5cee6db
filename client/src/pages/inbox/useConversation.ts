import type { ApolloCache } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import type { ConversationPageQuery } from '../../gql/graphql';
import { ChatMessage_message } from './ChatMessage';

const ConversationPageDocument = graphql(`
  query ConversationPage($id: ID!, $before: String) {
    conversation(id: $id) {
      id
      unreadCount
      listing {
        id
        title
        employer {
          id
          name
        }
      }
      ...OtherParty_conversation
      contract {
        id
        status
      }
      messages(last: 50, before: $before) {
        edges {
          cursor
          node {
            id
            ...ChatMessage_message
          }
        }
        pageInfo {
          hasPreviousPage
          startCursor
          endCursor
        }
      }
    }
  }
`);

type MessageEdge = NonNullable<ConversationPageQuery['conversation']>['messages']['edges'][number];

/** A message as the server sends it live or in answer to a send: with its cursor, for the list. */
export type NewMessage = { id: string; cursor: string } & FragmentType<typeof ChatMessage_message>;

/** One conversation and its messages: the chat opens at the newest; earlier ones load in front, on demand. */
export function useConversation(conversationId: string) {
  const result = useQuery(ConversationPageDocument, { variables: { id: conversationId }, fetchPolicy: 'cache-and-network' });
  const { fetchMore } = result;
  const loadEarlier = (startCursor: string | null) => fetchMore({ variables: { before: startCursor } });
  return { ...result, loadEarlier };
}

/** Puts a message into the conversation's cached list once, in order of arrival (the server sends them in order). */
export function appendMessage(cache: ApolloCache, conversationId: string, message: NewMessage): void {
  cache.updateQuery({ query: ConversationPageDocument, variables: { id: conversationId } }, (current) => {
    if (!current?.conversation) return current;
    const edges = current.conversation.messages.edges;
    if (edges.some((edge) => edge.node.id === message.id)) return current;
    // `message` came from the server, so it carries its __typename (and its sender's) for the cache.
    const edge = { __typename: 'MessageEdge', cursor: message.cursor, node: message } as MessageEdge;
    return {
      ...current,
      conversation: { ...current.conversation, messages: { ...current.conversation.messages, edges: [...edges, edge] } },
    };
  });
}

/** A read receipt names the newest message read: every earlier one of mine was read too. */
export function markMineRead(cache: ApolloCache, conversationId: string, viewerId: string, lastReadId: string, readAt: string): void {
  const messages = cachedMessages(cache, conversationId);
  const last = messages.findIndex((message) => message.id === lastReadId);
  markRead(
    cache,
    messages.slice(0, last + 1).filter((message) => message.from.id === viewerId),
    readAt,
  );
}

/** Once the server has them read, our own copy of the other's messages must read as read too, without another round trip. */
export function markTheirsRead(cache: ApolloCache, conversationId: string, viewerId: string, readAt: string): void {
  markRead(
    cache,
    cachedMessages(cache, conversationId).filter((message) => message.from.id !== viewerId),
    readAt,
  );
}

function cachedMessages(cache: ApolloCache, conversationId: string) {
  const current = cache.readQuery({ query: ConversationPageDocument, variables: { id: conversationId } });
  return getFragmentData(ChatMessage_message, current?.conversation?.messages.edges.map((edge) => edge.node) ?? []);
}

function markRead(cache: ApolloCache, messages: ReadonlyArray<{ id: string; read: boolean }>, readAt: string): void {
  for (const message of messages) {
    if (!message.read) cache.modify({ id: cache.identify({ __typename: 'Message', id: message.id }), fields: { read: () => true, readAt: () => readAt } });
  }
}
