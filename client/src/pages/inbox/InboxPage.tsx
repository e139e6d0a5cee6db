import { useQuery } from '@apollo/client/react';
import { useRef } from 'react';
import { Link } from 'react-router';
import { LoadMore } from '../../components/LoadMore';
import { EmptyState, queryFallback } from '../../components/States';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatDateTime } from '../../lib/format';
import { useTitle } from '../../lib/useTitle';
import { useSession } from '../../session';
import { RatingBadge } from '../profiles/RatingBadge';
import { otherParty } from './otherParty';

const InboxPageDocument = graphql(`
  query InboxPage($after: String) {
    conversations(first: 30, after: $after) {
      edges {
        cursor
        node {
          id
          ...ConversationListItem_conversation
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const ConversationListItem_conversation = graphql(`
  fragment ConversationListItem_conversation on Conversation {
    id
    unreadCount
    lastMessageAt
    listing {
      id
      title
    }
    ...OtherParty_conversation
    freelancer {
      id
      freelancerRating {
        ...RatingBadge_rating
      }
    }
    lastMessage {
      id
      body
      from {
        id
      }
    }
  }
`);

export function InboxPage() {
  useTitle('Inbox');
  const { data, loading, error, refetch, fetchMore } = useQuery(InboxPageDocument, { fetchPolicy: 'cache-and-network' });
  const pageInfo = data?.conversations.pageInfo;
  const list = useRef<HTMLUListElement>(null);

  return (
    <section className="narrow-wide">
      <h1>Inbox</h1>
      {queryFallback({ data, loading, error, refetch })}
      {data &&
        (data.conversations.edges.length === 0 ? (
          <EmptyState title="No conversations yet.">
            <p>
              Find a gig you like and message its poster: <Link to="/">browse gigs</Link>.
            </p>
          </EmptyState>
        ) : (
          <ul className="conversation-list plain" aria-label="Conversations" ref={list}>
            {data.conversations.edges.map(({ node }) => (
              <li key={node.id}>
                <ConversationListItem conversation={node} />
              </li>
            ))}
          </ul>
        ))}
      {pageInfo?.hasNextPage && <LoadMore list={list} onLoad={() => fetchMore({ variables: { after: pageInfo.endCursor } })} />}
    </section>
  );
}

function ConversationListItem(props: { conversation: FragmentType<typeof ConversationListItem_conversation> }) {
  const conversation = getFragmentData(ConversationListItem_conversation, props.conversation);
  const { viewer } = useSession();
  const { other, viewerIsPoster } = otherParty(conversation, viewer?.id);
  const preview = conversation.lastMessage ? `${conversation.lastMessage.from.id === viewer?.id ? 'You: ' : ''}${conversation.lastMessage.body}` : '';
  const unread = conversation.unreadCount;
  return (
    <Link to={`/inbox/${conversation.id}`} className={`conversation-item${unread ? ' conversation-item--unread' : ''}`}>
      <span className="conversation-item__top">
        <span className="conversation-item__who">
          {other.profile.displayName}
          {/* A poster weighs who wrote by what earlier posters said of them. */}
          {viewerIsPoster && (
            <>
              {' '}
              <RatingBadge rating={conversation.freelancer.freelancerRating} />
            </>
          )}
        </span>
        <span className="muted small">{formatDateTime(conversation.lastMessageAt)}</span>
      </span>
      <span className="conversation-item__listing">{conversation.listing.title}</span>
      <span className="conversation-item__preview">{preview}</span>
      {unread > 0 && <span className="badge">{unread} unread</span>}
    </Link>
  );
}
