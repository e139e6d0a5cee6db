import { useMutation } from '@apollo/client/react';
import { useEffect, useRef, useState, useSyncExternalStore, type FormEvent, type KeyboardEvent } from 'react';
import { graphql } from '../../gql';
import { settle } from '../../lib/settle';
import { outbox, socketIsLive } from './outbox';

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
 * still sending waits in line and goes right after it, in the order written (outbox.ts); a failed
 * send puts its text, and any waiting after it, back in front of whatever was typed since, so
 * nothing is lost. With a keyboard Enter sends; on a touch screen Enter makes a new line. The
 * other person sees that one is typing.
 */
export function Composer({ conversationId }: { conversationId: string }) {
  const [setTyping] = useMutation(SetTypingDocument);
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  // What is on its way lives in the conversation's outbox (outbox.ts), not here: it finishes, or
  // fails, in its own chat even if the page has moved on, and a failure shows when the chat is next open.
  const { sending } = useSyncExternalStore(outbox.subscribe, () => outbox.state(conversationId));
  const lastTypingSent = useRef(0);
  const input = useRef<HTMLTextAreaElement>(null);
  const touchOnly = useTouchOnly();

  // A failed send's text goes back in front of whatever was typed since, so nothing is lost.
  useEffect(
    () =>
      outbox.whenFailed(conversationId, (failure) => {
        setBody((typedSince) => (typedSince ? `${failure.text}\n${typedSince}` : failure.text));
        setError(failure.reason);
        input.current?.focus();
      }),
    [conversationId],
  );

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
    lastTypingSent.current = 0;
    outbox.send(conversationId, written);
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
