import { useCallback, useRef, useSyncExternalStore } from 'react';
import { Link, useParams } from 'react-router';
import { liveConnection } from '../../apollo';
import { LoadMore } from '../../components/LoadMore';
import { queryFallback } from '../../components/States';
import { useTitle } from '../../lib/useTitle';
import { useSession } from '../../session';
import { NotFoundPage } from '../NotFoundPage';
import { useReadNotificationsAbout } from '../notifications/useReadNotificationsAbout';
import { ChatLog } from './ChatMessage';
import { Composer } from './Composer';
import { ContractAction } from './ContractAction';
import { otherParty } from './otherParty';
import { useConversation } from './useConversation';
import { useConversationEvents } from './useConversationEvents';
import { useMarkConversationRead } from './useMarkConversationRead';

export function ConversationPage() {
  const { conversationId = '' } = useParams();
  const { viewer } = useSession();
  const { data, loading, error, refetch, loadEarlier } = useConversation(conversationId);
  const { typing } = useConversationEvents(conversationId, viewer?.id);
  const live = useSyncExternalStore(liveConnection.subscribe, liveConnection.state);
  const conversation = data?.conversation;
  const messages = conversation?.messages.edges.map((edge) => edge.node) ?? [];
  useMarkConversationRead(conversationId, viewer?.id, messages);
  const party = conversation && viewer ? otherParty(conversation, viewer.id) : undefined;
  const other = party?.other;
  useTitle(other ? `Chat with ${other.profile.displayName}` : 'Chat');
  useReadNotificationsAbout(conversation ? { conversationId: conversation.id } : null);
  // The newest message and the composer in view together: on a phone the chat fills the screen's
  // height, and bringing the composer's bottom to the screen's bottom shows the log's end above it.
  const composer = useRef<HTMLDivElement>(null);
  const followNewest = useCallback(() => composer.current?.scrollIntoView({ block: 'nearest' }), []);

  const fallback = queryFallback({ data, loading, error, refetch }, {
    notFound: <NotFoundPage title="Conversation not found" message="There is no conversation of yours at this address. The link may be wrong." linkTo="/inbox" linkLabel="Go to your inbox" />,
  });
  if (fallback) return fallback;
  if (!conversation || !viewer || !party || !other) return null;
  const { pageInfo } = conversation.messages;

  return (
    <section className="chat">
      <p className="breadcrumbs">
        <Link to="/inbox">Inbox</Link>
      </p>
      <header className="title-bar chat__header">
        <div>
          <h1>{other.profile.displayName}</h1>
          <p className="muted">
            About <Link to={`/gigs/${conversation.listing.id}`}>{conversation.listing.title}</Link> ({conversation.listing.employer.name})
          </p>
        </div>
        <ContractAction conversationId={conversation.id} contract={conversation.contract ?? undefined} isPoster={party.viewerIsPoster} />
      </header>

      {pageInfo.hasPreviousPage && <LoadMore label="Load earlier messages" className="chat__earlier" onLoad={() => loadEarlier(pageInfo.startCursor)} />}
      <ChatLog messages={messages} viewerId={viewer.id} otherName={other.profile.displayName} onFollow={followNewest} />
      <p className="typing" aria-live="polite">
        {typing ? `${other.profile.displayName} is typing…` : ''}
      </p>
      {/* Live updates stopped (the socket is down): say so, rather than a chat that looks quiet. */}
      <p className="live-status muted" role="status">
        {live === 'reconnecting' ? 'Reconnecting… New messages show when the connection is back.' : ''}
      </p>
      <div className="chat__composer" ref={composer}>
        {/* One per conversation: what is typed, waiting or put back belongs to the chat it was written in. */}
        <Composer key={conversation.id} conversationId={conversation.id} />
      </div>
    </section>
  );
}
