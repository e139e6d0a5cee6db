import { useApolloClient, useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useEffect, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { FormError } from '../../components/Field';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { graphql } from '../../gql';
import type { ConversationPageQuery } from '../../gql/graphql';
import { errorCodeOf, fieldErrorsOf, messageOf } from '../../lib/errors';
import { formatDateTime, formatTime } from '../../lib/format';
import { useTitle } from '../../lib/useTitle';
import { useSession } from '../../session';
import { settle } from '../../lib/settle';

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
      freelancer {
        id
        profile {
          displayName
        }
      }
      poster {
        id
        profile {
          displayName
        }
      }
      contract {
        id
        status
      }
      messages(last: 50, before: $before) {
        edges {
          cursor
          node {
            id
            body
            read
            readAt
            createdAt
            from {
              id
            }
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

const ConversationEventsDocument = graphql(`
  subscription ConversationEvents($conversationId: ID!) {
    conversationEvents(conversationId: $conversationId) {
      __typename
      ... on MessageAddedEvent {
        message {
          id
          cursor
          body
          read
          readAt
          createdAt
          from {
            id
          }
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

const SendMessageDocument = graphql(`
  mutation SendMessage($conversationId: ID!, $body: String!) {
    sendMessage(conversationId: $conversationId, body: $body) {
      id
      cursor
      body
      read
      readAt
      createdAt
      from {
        id
      }
    }
  }
`);

const MarkConversationReadDocument = graphql(`
  mutation MarkConversationRead($conversationId: ID!) {
    markConversationRead(conversationId: $conversationId) {
      id
      unreadCount
    }
  }
`);

const SetTypingDocument = graphql(`
  mutation SetTyping($conversationId: ID!) {
    setTyping(conversationId: $conversationId)
  }
`);

const CreateContractDocument = graphql(`
  mutation CreateContract($conversationId: ID!) {
    createContract(conversationId: $conversationId) {
      id
      status
    }
  }
`);

type Conversation = NonNullable<ConversationPageQuery['conversation']>;
type MessageEdge = Conversation['messages']['edges'][number];
type MessageNode = MessageEdge['node'];

const TYPING_SHOWN_MS = 5000;
const TYPING_SENT_EVERY_MS = 2500;

export function ConversationPage() {
  const { conversationId = '' } = useParams();
  const client = useApolloClient();
  const { viewer } = useSession();
  const variables = { id: conversationId };
  const { data, loading, error, refetch, fetchMore } = useQuery(ConversationPageDocument, { variables, fetchPolicy: 'cache-and-network' });
  const [markRead] = useMutation(MarkConversationReadDocument, { refetchQueries: ['InboxBadge', 'NotificationBell'] });
  const [typingUntil, setTypingUntil] = useState(0);
  const conversation = data?.conversation;
  const other = conversation && viewer && (viewer.id === conversation.freelancer.id ? conversation.poster : conversation.freelancer);
  useTitle(other ? `Chat with ${other.profile.displayName}` : 'Chat');

  /** Puts a message into the page's cached list once, in order of arrival (the server sends them in order). */
  const appendMessage = (message: MessageNode & { cursor: string }) => {
    client.cache.updateQuery({ query: ConversationPageDocument, variables }, (current) => {
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
  };

  useSubscription(ConversationEventsDocument, {
    variables: { conversationId },
    skip: !conversationId,
    onData: ({ data: result }) => {
      const event = result.data?.conversationEvents;
      if (!event) return;
      if (event.__typename === 'MessageAddedEvent') {
        appendMessage(event.message);
        if (event.message.from.id !== viewer?.id) setTypingUntil(0);
      } else if (event.__typename === 'MessagesReadEvent') {
        markMineRead(event.lastReadMessage.id, event.readAt);
      } else if (event.__typename === 'TypingEvent' && event.user.id !== viewer?.id) {
        setTypingUntil(Date.now() + TYPING_SHOWN_MS);
      }
    },
  });

  /** A read receipt names the newest message read: every earlier one of mine was read too. */
  const markMineRead = (lastReadId: string, readAt: string) => {
    client.cache.updateQuery({ query: ConversationPageDocument, variables }, (current) => {
      if (!current?.conversation) return current;
      const edges = current.conversation.messages.edges;
      const last = edges.findIndex((edge) => edge.node.id === lastReadId);
      if (last < 0) return current;
      return {
        ...current,
        conversation: {
          ...current.conversation,
          messages: {
            ...current.conversation.messages,
            edges: edges.map((edge, index) =>
              index <= last && edge.node.from.id === viewer?.id && !edge.node.read ? { ...edge, node: { ...edge.node, read: true, readAt } } : edge,
            ),
          },
        },
      };
    });
  };

  // The chat opens at its newest messages; earlier ones load on demand, in front of them.
  const pageInfo = conversation?.messages.pageInfo;
  const [loadingEarlier, setLoadingEarlier] = useState(false);
  const loadEarlier = () => {
    if (!pageInfo?.hasPreviousPage || !pageInfo.startCursor || loadingEarlier) return;
    setLoadingEarlier(true);
    settle(fetchMore({ variables: { before: pageInfo.startCursor } }).finally(() => setLoadingEarlier(false)));
  };

  // Reading the page is reading the messages: tell the sender (read receipts) and clear the badges.
  const unreadToMe = conversation?.messages.edges.some((edge) => edge.node.from.id !== viewer?.id && !edge.node.read) ?? false;
  useEffect(() => {
    if (!conversationId || !unreadToMe) return;
    const mark = () => {
      if (document.visibilityState === 'visible') settle(markRead({ variables: { conversationId } }).then(() => refetchMessagesReadState()));
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [conversationId, unreadToMe, conversation?.messages.edges.length]);

  /** Our own copy of the other's messages must read as read now, without another round trip. */
  const refetchMessagesReadState = () => {
    client.cache.updateQuery({ query: ConversationPageDocument, variables }, (current) => {
      if (!current?.conversation) return current;
      const now = new Date().toISOString();
      return {
        ...current,
        conversation: {
          ...current.conversation,
          unreadCount: 0,
          messages: {
            ...current.conversation.messages,
            edges: current.conversation.messages.edges.map((edge) =>
              edge.node.from.id !== viewer?.id && !edge.node.read ? { ...edge, node: { ...edge.node, read: true, readAt: now } } : edge,
            ),
          },
        },
      };
    });
  };

  useEffect(() => {
    if (!typingUntil) return;
    const timer = setTimeout(() => setTypingUntil(0), Math.max(0, typingUntil - Date.now()));
    return () => clearTimeout(timer);
  }, [typingUntil]);

  if (loading && !data) return <Loading />;
  if (error) {
    if (errorCodeOf(error) === 'NOT_FOUND') return <EmptyState title="This conversation does not exist or is not yours." />;
    return <ErrorState error={error} retry={() => settle(refetch())} />;
  }
  if (!conversation || !viewer || !other) return null;

  const contract = conversation.contract ?? undefined;
  const isPoster = viewer.id === conversation.poster.id;

  return (
    <section className="chat">
      <p className="breadcrumbs">
        <Link to="/inbox">Inbox</Link>
      </p>
      <header className="chat__header">
        <div>
          <h1>{other.profile.displayName}</h1>
          <p className="muted">
            About <Link to={`/gigs/${conversation.listing.id}`}>{conversation.listing.title}</Link> ({conversation.listing.employer.name})
          </p>
        </div>
        <ContractAction conversationId={conversation.id} contract={contract} isPoster={isPoster} />
      </header>

      {conversation.messages.pageInfo.hasPreviousPage && (
        <p className="chat__earlier">
          <button type="button" className="button button--secondary" disabled={loadingEarlier} onClick={loadEarlier}>
            {loadingEarlier ? 'Loading…' : 'Load earlier messages'}
          </button>
        </p>
      )}
      <ol className="messages plain" role="log" aria-live="polite" aria-label="Messages">
        {conversation.messages.edges.map(({ node }, index, all) => {
          const mine = node.from.id === viewer.id;
          const lastOfMine = mine && !all.slice(index + 1).some((e) => e.node.from.id === viewer.id);
          return (
            <li key={node.id} className={`message${mine ? ' message--mine' : ''}`}>
              <span className="visually-hidden">{mine ? 'You' : other.profile.displayName} said: </span>
              <p className="message__body">{node.body}</p>
              <p className="message__meta">
                <time dateTime={node.createdAt} title={formatDateTime(node.createdAt)}>
                  {formatTime(node.createdAt)}
                </time>
                {mine && lastOfMine && <span className="message__receipt">{node.read ? ` · Read ${node.readAt ? formatTime(node.readAt) : ''}` : ' · Sent'}</span>}
              </p>
            </li>
          );
        })}
      </ol>
      <p className="typing" aria-live="polite">
        {typingUntil > 0 ? `${other.profile.displayName} is typing…` : ''}
      </p>
      <Composer conversationId={conversation.id} onSent={appendMessage} />
    </section>
  );
}

function ContractAction({ conversationId, contract, isPoster }: { conversationId: string; contract?: { id: string; status: string }; isPoster: boolean }) {
  const navigate = useNavigate();
  const [create, { loading, error }] = useMutation(CreateContractDocument);
  if (contract) {
    return (
      <Link className="button button--secondary" to={`/contracts/${contract.id}`}>
        Open the contract
      </Link>
    );
  }
  if (!isPoster) return <p className="muted small">The poster can start a contract from this conversation.</p>;
  return (
    <div>
      <button
        type="button"
        className="button"
        disabled={loading}
        onClick={() =>
          settle(create({ variables: { conversationId } }).then(({ data }) => data && navigate(`/contracts/${data.createContract.id}`)))
        }
      >
        {loading ? 'Creating…' : 'Create a contract'}
      </button>
      {error && <FormError message={messageOf(error)} />}
    </div>
  );
}

function Composer({ conversationId, onSent }: { conversationId: string; onSent: (message: MessageNode & { cursor: string }) => void }) {
  const [send, { loading }] = useMutation(SendMessageDocument);
  const [setTyping] = useMutation(SetTypingDocument);
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const lastTypingSent = useRef(0);
  const input = useRef<HTMLTextAreaElement>(null);

  useLayoutEffect(() => input.current?.focus(), []);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!body.trim()) {
      setError('Write a message first.');
      return;
    }
    setError(null);
    try {
      const { data } = await send({ variables: { conversationId, body } });
      if (data) onSent(data.sendMessage);
      setBody('');
      lastTypingSent.current = 0;
    } catch (e) {
      setError(fieldErrorsOf(e).body ?? messageOf(e));
    }
  };

  const onChange = (value: string) => {
    setBody(value);
    const now = Date.now();
    if (value.trim() && now - lastTypingSent.current > TYPING_SENT_EVERY_MS) {
      lastTypingSent.current = now;
      settle(setTyping({ variables: { conversationId } }));
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <form className="composer" onSubmit={(e) => void submit(e)} noValidate>
      <div className={`field${error ? ' field--invalid' : ''}`}>
        <label htmlFor="composer-body">Message</label>
        <textarea
          id="composer-body"
          ref={input}
          rows={3}
          value={body}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
          aria-describedby={error ? 'composer-error composer-hint' : 'composer-hint'}
          aria-invalid={error ? true : undefined}
        />
        <p id="composer-hint" className="field__hint">
          Enter sends; Shift+Enter starts a new line.
        </p>
        {error && (
          <p id="composer-error" className="field__error">
            {error}
          </p>
        )}
      </div>
      <button type="submit" className="button" disabled={loading}>
        {loading ? 'Sending…' : 'Send'}
      </button>
    </form>
  );
}
