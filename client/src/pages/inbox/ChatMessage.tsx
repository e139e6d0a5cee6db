import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatDateTime, formatTime } from '../../lib/format';

export const ChatMessage_message = graphql(`
  fragment ChatMessage_message on Message {
    id
    body
    read
    readAt
    createdAt
    from {
      id
    }
  }
`);

/** The conversation's messages, oldest first; my newest one says whether it was read. */
export function ChatLog({ messages: refs, viewerId, otherName }: { messages: ReadonlyArray<FragmentType<typeof ChatMessage_message>>; viewerId: string; otherName: string }) {
  const messages = getFragmentData(ChatMessage_message, refs);
  return (
    <ol className="messages plain" role="log" aria-live="polite" aria-label="Messages">
      {messages.map((message, index, all) => {
        const mine = message.from.id === viewerId;
        const lastOfMine = mine && !all.slice(index + 1).some((later) => later.from.id === viewerId);
        return (
          <li key={message.id} className={`message${mine ? ' message--mine' : ''}`}>
            <span className="visually-hidden">{mine ? 'You' : otherName} said: </span>
            <p className="message__body">{message.body}</p>
            <p className="message__meta">
              <time dateTime={message.createdAt} title={formatDateTime(message.createdAt)}>
                {formatTime(message.createdAt)}
              </time>
              {mine && lastOfMine && <span className="message__receipt">{message.read ? ` · Read ${message.readAt ? formatTime(message.readAt) : ''}` : ' · Sent'}</span>}
            </p>
          </li>
        );
      })}
    </ol>
  );
}
