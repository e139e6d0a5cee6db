import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { focusElement } from '../../lib/focus';
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

/** How close to the end (px) still counts as reading the newest messages. */
const AT_END_SLACK = 48;

/**
 * The conversation's messages, oldest first; my newest one says whether it was read. It opens at
 * the newest message and follows new ones while the reader is there (always after one's own send),
 * calling `onFollow` on opening and after one's own send so the page can bring the newest message
 * and the composer into view together; a reader who has scrolled up to read earlier ones stays put and gets a "new messages"
 * button counting every message that arrived since (however many came at once), which takes the
 * focus to the first of them. Earlier messages loaded in front keep what the reader was looking at in place.
 */
export function ChatLog({
  messages: refs,
  viewerId,
  otherName,
  onFollow,
}: {
  messages: ReadonlyArray<FragmentType<typeof ChatMessage_message>>;
  viewerId: string;
  otherName: string;
  onFollow?: () => void;
}) {
  const messages = getFragmentData(ChatMessage_message, refs);
  const log = useRef<HTMLDivElement>(null);
  const atEnd = useRef(true);
  const shown = useRef<{ first?: string; last?: string; height: number }>({ height: 0 });
  const followed = useRef(false);
  // The newest message the reader has had in view: everything after it from the other person is new.
  const [seenUpTo, setSeenUpTo] = useState<string | undefined>(undefined);

  const first = messages[0]?.id;
  const last = messages.at(-1);
  const lastId = last?.id;
  const lastIsMine = last?.from.id === viewerId;
  const seenIndex = seenUpTo === undefined ? messages.length - 1 : messages.findIndex((message) => message.id === seenUpTo);
  const unseen = seenIndex < 0 ? [] : messages.slice(seenIndex + 1).filter((message) => message.from.id !== viewerId);

  useLayoutEffect(() => {
    const element = log.current;
    if (!element) return;
    const before = shown.current;
    if (before.last === undefined || (lastId !== before.last && (atEnd.current || lastIsMine))) {
      element.scrollTop = element.scrollHeight;
      atEnd.current = true;
      setSeenUpTo(lastId);
      // The page itself moves only on opening and after one's own send, never under a reader for the other's message.
      followed.current = before.last === undefined || lastIsMine;
    } else if (lastId === before.last && first !== before.first) {
      // Earlier messages went in front: keep the ones being read where they were.
      element.scrollTop += element.scrollHeight - before.height;
    }
    shown.current = { first, last: lastId, height: element.scrollHeight };
  }, [first, lastId, lastIsMine]);

  // Told after the whole page is laid out (what the page scrolls to may come after the log).
  useEffect(() => {
    if (!followed.current) return;
    followed.current = false;
    onFollow?.();
  }, [lastId, onFollow]);

  const onScroll = () => {
    const element = log.current;
    if (!element) return;
    atEnd.current = element.scrollHeight - element.scrollTop - element.clientHeight < AT_END_SLACK;
    if (atEnd.current) setSeenUpTo(lastId);
  };

  const toEnd = () => {
    const element = log.current;
    if (!element) return;
    const firstNew = unseen[0] && element.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(unseen[0].id)}"]`);
    element.scrollTop = element.scrollHeight;
    atEnd.current = true;
    setSeenUpTo(lastId);
    // The button goes away once pressed: the focus goes on to what it pointed at, not to the page's top.
    focusElement(firstNew ?? element);
  };

  return (
    <div className="messages-frame">
      {/* The log is a region that scrolls, so it takes the focus for reading by keyboard. */}
      <div className="messages" role="log" aria-label="Messages" tabIndex={0} ref={log} onScroll={onScroll}>
        <ol className="messages__list plain">
          {messages.map((message, index, all) => {
            const mine = message.from.id === viewerId;
            const lastOfMine = mine && !all.slice(index + 1).some((later) => later.from.id === viewerId);
            return (
              <li key={message.id} data-message-id={message.id} className={`message${mine ? ' message--mine' : ''}`}>
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
      </div>
      {unseen.length > 0 && (
        <button type="button" className="button button--small new-messages" onClick={toEnd}>
          {unseen.length === 1 ? '1 new message' : `${unseen.length} new messages`} ↓
        </button>
      )}
    </div>
  );
}
