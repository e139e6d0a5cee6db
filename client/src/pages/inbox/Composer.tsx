import { useMutation } from '@apollo/client/react';
import { useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { graphql } from '../../gql';
import { fieldErrorsOf, messageOf } from '../../lib/errors';
import { settle } from '../../lib/settle';
import { appendMessage } from './useConversation';

const SendMessageDocument = graphql(`
  mutation SendMessage($conversationId: ID!, $body: String!) {
    sendMessage(conversationId: $conversationId, body: $body) {
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

/** Writes a message: Enter sends it (it joins the chat at once), and the other person sees that one is typing. */
export function Composer({ conversationId }: { conversationId: string }) {
  const [send, { loading }] = useMutation(SendMessageDocument, {
    update: (cache, { data }) => {
      if (data) appendMessage(cache, conversationId, data.sendMessage);
    },
  });
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
      await send({ variables: { conversationId, body } });
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
