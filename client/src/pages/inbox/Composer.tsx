import { useMutation } from '@apollo/client/react';
import { useRef, useState, useSyncExternalStore, type FormEvent, type KeyboardEvent } from 'react';
import { liveConnection } from '../../apollo';
import { graphql } from '../../gql';
import { newClientId } from '../../lib/clientId';
import { fieldErrorsOf, messageOf } from '../../lib/errors';
import { settle } from '../../lib/settle';
import { appendMessage } from './useConversation';

const SendMessageDocument = graphql(`
  mutation SendMessage($conversationId: ID!, $body: String!, $clientMessageId: String) {
    sendMessage(conversationId: $conversationId, body: $body, clientMessageId: $clientMessageId) {
      id
      cursor
      ...ChatMessage_message
    }
  }
`);

const SetTypingDocument = graphql(`
  mutation SetTyping($conversationId: ID!) {
    setTyping(conversationId: $conversationId)
  }
`);

const TYPING_SENT_EVERY_MS = 2500;

/** A touch screen without a keyboard of its own: Enter makes a new line there, and the Send button sends. */
const TOUCH_ONLY = '(hover: none) and (pointer: coarse)';
function useTouchOnly(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const query = window.matchMedia(TOUCH_ONLY);
      query.addEventListener('change', onChange);
      return () => query.removeEventListener('change', onChange);
    },
    () => window.matchMedia(TOUCH_ONLY).matches,
  );
}

/**
 * Writes a message: it leaves the box as soon as it is sent and joins the chat when the server has
 * it, so one can go on typing the next one meanwhile. A message sent (by Enter) while another is
 * still sending waits in line and goes right after it, in the order written; a failed send puts its
 * text, and any waiting after it, back in front of whatever was typed since, so nothing is lost.
 * With a keyboard Enter sends; on a touch screen Enter makes a new line. The other person sees that
 * one is typing.
 */
/**
 * Whether a send goes over the socket (apollo.ts): only while it is live. There a send that was on
 * its way when the socket dropped goes again on reconnect, with the same clientMessageId, and the
 * server answers with the first one. Otherwise over HTTP, which answers or fails at once: a page
 * whose socket never connected (a proxy that does not pass WebSockets) or is reconnecting never
 * leaves a message waiting unseen, nor queues typing signals that would arrive stale.
 */
function socketIsLive(): boolean {
  return liveConnection.state() === 'live';
}

export function Composer({ conversationId }: { conversationId: string }) {
  const [send] = useMutation(SendMessageDocument);
  const [setTyping] = useMutation(SetTypingDocument);
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  // Messages written but not yet sent, oldest first, each with its own clientMessageId and its
  // conversation (a send still waiting when the page moves to another chat joins its own); the
  // first is on its way while `sending`.
  const waiting = useRef<Array<{ conversationId: string; body: string; clientMessageId: string }>>([]);
  // The text of one message that was "Not sent", put back in the box with its key: sent again
  // unchanged, it keeps the key, so one the server had stored after all (its answer lost) is not stored twice.
  const putBack = useRef<{ body: string; clientMessageId: string } | null>(null);
  const lastTypingSent = useRef(0);
  const input = useRef<HTMLTextAreaElement>(null);
  const touchOnly = useTouchOnly();

  const sendWaiting = async () => {
    setSending(true);
    try {
      while (waiting.current.length > 0) {
        try {
          const message = waiting.current[0];
          await send({
            variables: { conversationId: message.conversationId, body: message.body, clientMessageId: message.clientMessageId },
            context: { overSocket: socketIsLive() },
            update: (cache, { data }) => {
              if (data) appendMessage(cache, message.conversationId, data.sendMessage);
            },
          });
          waiting.current.shift();
          lastTypingSent.current = 0;
        } catch (e) {
          const failed = waiting.current.splice(0);
          const unsent = failed.map((message) => message.body).join('\n');
          putBack.current = failed.length === 1 ? { body: unsent, clientMessageId: failed[0].clientMessageId } : null;
          setBody((typedSince) => (typedSince ? `${unsent}\n${typedSince}` : unsent));
          setError(`Not sent. ${fieldErrorsOf(e).body ?? messageOf(e)}`);
          input.current?.focus();
          return;
        }
      }
    } finally {
      setSending(false);
    }
  };

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const written = body;
    if (!written.trim()) {
      setError('Write a message first.');
      input.current?.focus();
      return;
    }
    setError(null);
    setBody('');
    // Back to the box (pressing Send took the focus to the button): on a phone the keyboard stays open for the next message.
    input.current?.focus();
    const clientMessageId = putBack.current?.body === written ? putBack.current.clientMessageId : newClientId();
    putBack.current = null;
    waiting.current.push({ conversationId, body: written, clientMessageId });
    // One send at a time keeps messages in the order they were written.
    if (waiting.current.length === 1) void sendWaiting();
  };

  const onChange = (value: string) => {
    setBody(value);
    const now = Date.now();
    if (value.trim() && now - lastTypingSent.current > TYPING_SENT_EVERY_MS) {
      lastTypingSent.current = now;
      settle(setTyping({ variables: { conversationId }, context: { overSocket: socketIsLive() } }));
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !touchOnly && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form className="composer" onSubmit={submit} noValidate>
      <div className={`field${error ? ' field--invalid' : ''}`}>
        <label htmlFor="composer-body">Message</label>
        <textarea
          id="composer-body"
          ref={input}
          rows={touchOnly ? 2 : 3}
          value={body}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
          aria-describedby={error ? 'composer-error composer-hint' : 'composer-hint'}
          aria-invalid={error ? true : undefined}
        />
        <p id="composer-hint" className="field__hint">
          {touchOnly ? 'Send with the Send button; Enter starts a new line.' : 'Enter sends; Shift+Enter starts a new line.'}
        </p>
        {error && (
          <p id="composer-error" className="field__error">
            {error}
          </p>
        )}
      </div>
      <div className="composer__send">
        <button type="submit" className="button">
          Send
        </button>
        <p className="composer__status muted" role="status">
          {sending ? 'Sending…' : ''}
        </p>
      </div>
    </form>
  );
}
