import { client, liveConnection } from '../../apollo';
import { graphql } from '../../gql';
import { newClientId } from '../../lib/clientId';
import { fieldErrorsOf, messageOf } from '../../lib/errors';
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

/** A message written and not yet stored, with the key that makes sending it again safe (`clientMessageId`). */
interface Pending {
  body: string;
  clientMessageId: string;
}

/** What one conversation's messages on their way are, as the Composer shows it. */
export interface OutboxState {
  /** A message is on its way ("Sending…"). */
  sending: boolean;
}

/** A failed send: the text to put back in the box, and why. */
export interface Failure {
  text: string;
  reason: string;
}

interface Outbox {
  state: OutboxState;
  /** Oldest first; the first is on its way while `sending`. */
  waiting: Pending[];
  /** The messages last put back after a failure: sent again as they were put back, they keep their keys. */
  putBack: Pending[];
  /** A failure no open Composer of the chat has taken yet. */
  failure: Failure | null;
  /** The open Composer of the chat, told of a failure. */
  onFailure: ((failure: Failure) => void) | null;
}

/**
 * Each conversation's outbox, kept outside the Composer: a send still on its way when the page
 * moves to another chat finishes, or fails, in its own chat, and a failure is shown when its chat
 * is next open (the Composer is made anew per conversation).
 */
const outboxes = new Map<string, Outbox>();
const listeners = new Set<() => void>();
const IDLE: OutboxState = { sending: false };

function outboxOf(conversationId: string): Outbox {
  let outbox = outboxes.get(conversationId);
  if (!outbox) outboxes.set(conversationId, (outbox = { state: IDLE, waiting: [], putBack: [], failure: null, onFailure: null }));
  return outbox;
}

function update(outbox: Outbox, state: Partial<OutboxState>): void {
  outbox.state = { ...outbox.state, ...state };
  for (const listener of listeners) listener();
}

export const outbox = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  state(conversationId: string): OutboxState {
    return outboxes.get(conversationId)?.state ?? IDLE;
  },

  /**
   * Tells `show` of each failed send of the chat while it is registered (the chat's open
   * Composer), and, soon after registering, of one that failed while no Composer of the chat was
   * open: its text goes back in the box (its messages keep their keys, `putBack`). Answers the unregistering.
   */
  whenFailed(conversationId: string, show: (failure: Failure) => void): () => void {
    const box = outboxOf(conversationId);
    box.onFailure = show;
    queueMicrotask(() => {
      const failure = box.failure;
      if (!failure || box.onFailure !== show) return;
      box.failure = null;
      show(failure);
    });
    return () => {
      if (box.onFailure === show) box.onFailure = null;
    };
  },

  /**
   * Sends `written` after whatever is on its way, in the order written. Text equal to what was put
   * back after a failure goes again as the messages it was, each with its own key (one the server
   * had stored after all, its answer lost, is then not stored twice); any other text is a new message.
   */
  send(conversationId: string, written: string): void {
    const box = outboxOf(conversationId);
    const again = box.putBack.length > 0 && box.putBack.map((message) => message.body).join('\n') === written;
    box.waiting.push(...(again ? box.putBack : [{ body: written, clientMessageId: newClientId() }]));
    box.putBack = [];
    if (!box.state.sending) void drain(conversationId, box);
  },
};

/**
 * Whether an operation goes over the socket (apollo.ts): only while it is live, else over HTTP.
 * Sends and typing signals alike: queued on a socket that is down, they would wait unseen or arrive stale.
 */
export function socketIsLive(): boolean {
  return liveConnection.state() === 'live';
}

async function drain(conversationId: string, box: Outbox): Promise<void> {
  update(box, { sending: true });
  try {
    while (box.waiting.length > 0) {
      try {
        await deliver(conversationId, box.waiting[0]);
        box.waiting.shift();
      } catch (error) {
        const failed = box.waiting.splice(0);
        box.putBack = failed;
        const failure = { text: failed.map((message) => message.body).join('\n'), reason: `Not sent. ${fieldErrorsOf(error).body ?? messageOf(error)}` };
        if (box.onFailure) box.onFailure(failure);
        else box.failure = failure;
        return;
      }
    }
  } finally {
    update(box, { sending: false });
  }
}

/**
 * One message to the server: over the socket while it is live (apollo.ts), else over HTTP, which
 * answers or fails at once. A send on the socket when it stops being live goes over HTTP too, with
 * the same key (the server answers a repeat with the message it stored), so nothing waits behind
 * a socket that may not come back; graphql-ws may still send the first copy again on reconnect,
 * and its answer is the same message.
 */
async function deliver(conversationId: string, message: Pending): Promise<void> {
  const send = (overSocket: boolean) =>
    client
      .mutate({
        mutation: SendMessageDocument,
        variables: { conversationId, body: message.body, clientMessageId: message.clientMessageId },
        context: { overSocket },
        update: (cache, { data }) => {
          if (data) appendMessage(cache, conversationId, data.sendMessage);
        },
      })
      .then((result) => {
        // An answer without data (a `complete` with no result, from a broken intermediary) is no proof it was stored.
        if (!result.data) throw new Error('The server did not confirm the message.');
      });
  if (!socketIsLive()) {
    await send(false);
    return;
  }
  await new Promise<void>((resolve, reject) => {
    // Once it goes over HTTP, that answer decides: the socket's copy may fail as the socket goes.
    let overHttp = false;
    const stop = liveConnection.subscribe(() => {
      if (overHttp || socketIsLive()) return;
      overHttp = true;
      stop();
      send(false).then(() => resolve(), reject);
    });
    send(true).then(
      () => {
        stop();
        resolve();
      },
      (error: unknown) => {
        if (overHttp) return;
        stop();
        reject(error);
      },
    );
  });
}
