/**
 * A topic name that carries its payload type. Topics are narrow (one per conversation, contract or
 * user) so an event reaches only the sockets that asked for it.
 */
export type Topic<Payload> = string & { readonly __payload?: Payload };

/** `defineTopic<MessageAddedEvent>('conversation.message')('<id>')` → `conversation.message:<id>`. */
export function defineTopic<Payload>(name: string): (id: string) => Topic<Payload> {
  return (id) => `${name}:${id}` as Topic<Payload>;
}

/** How long `publishAcknowledged` waits for the transport at most (ms): a Redis outage must not hold a sign-out up for long. */
export const ACKNOWLEDGE_TIMEOUT_MS = 2_000;

export interface PubSub {
  /** Call only after the transaction that produced the event has committed. Payloads are plain JSON. */
  publish<P>(topic: Topic<P>, payload: P): Promise<void>;
  /**
   * `publish`, resolving only once the transport has taken the event (Redis has answered the
   * PUBLISH: it is then in every subscribed instance's stream), or once it is dropped or
   * ACKNOWLEDGE_TIMEOUT_MS have passed while the transport is away (never rejects). For ends of
   * access (sign-out, password reset), so that a client told "signed out" finds the end already
   * on its way to every instance; delivery to them is still asynchronous (typically milliseconds).
   */
  publishAcknowledged<P>(topic: Topic<P>, payload: P): Promise<void>;
  /** Ends (and unsubscribes) when the consumer calls `return()`, e.g. when the socket closes. */
  subscribe<P>(topic: Topic<P>): AsyncIterableIterator<P>;
  /**
   * Calls `listener` synchronously with each event published on `topic` from now on, in order,
   * until the function it answers is called (idempotent). No queue and no iterator: the lean form
   * the live subscriptions' per-instance fan-out (graphql/shared-events.ts) and access watch use.
   */
  listen<P>(topic: Topic<P>, listener: (payload: P) => void): () => void;
  /**
   * Resolves once an event published on `topic` from now on reaches this instance's subscribers
   * (Redis has acknowledged the channel's SUBSCRIBE). While the transport is away it resolves at
   * once: `onResubscribed` then tells when events may have been missed.
   */
  listening(topic: Topic<unknown>): Promise<void>;
  /**
   * Whether events published elsewhere reach this instance now: false while the transport's
   * subscriber connection is away (Redis down or cut off), when ends of access published meanwhile
   * are lost, so nothing that relies on hearing them (the session cache) may answer.
   */
  readonly connected: boolean;
  /**
   * Runs `listener` each time the transport has come back after an outage, as it starts listening
   * again (before any event can arrive), with a promise that resolves once it listens: events
   * published meanwhile may never arrive, so whoever must not miss one holds its deliveries and
   * re-checks what it watches. Answers the function that removes the listener.
   */
  onResubscribed(listener: (listening: Promise<void>) => void): () => void;
  close(): Promise<void>;
}

/**
 * A push-to-pull queue: the producer pushes as events arrive, the subscription pulls. `onClose`
 * runs once when the consumer stops.
 */
export function createEventQueue<T>(onClose: () => void): { push(value: T): void; iterator: AsyncIterableIterator<T> } {
  const buffered: T[] = [];
  const waiting: Array<(result: IteratorResult<T>) => void> = [];
  let done = false;

  const finish = (): Promise<IteratorResult<T>> => {
    if (!done) {
      done = true;
      onClose();
      for (const resolve of waiting.splice(0)) resolve({ value: undefined, done: true });
      buffered.length = 0;
    }
    return Promise.resolve({ value: undefined, done: true });
  };

  const iterator: AsyncIterableIterator<T> = {
    next() {
      if (buffered.length > 0) return Promise.resolve({ value: buffered.shift() as T, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => waiting.push(resolve));
    },
    return: finish,
    throw(error?: unknown) {
      void finish();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };

  return {
    push(value) {
      if (done) return;
      const resolve = waiting.shift();
      if (resolve) resolve({ value, done: false });
      else buffered.push(value);
    },
    iterator,
  };
}
