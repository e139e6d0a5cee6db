import type { PubSub, Topic } from '../pubsub/pubsub';
import type { Context } from './context';

/**
 * Subscribes to `topic` and yields only the events the viewer may still see: `authorize` runs for
 * every event, not just at subscribe time, so a revoked membership or participant stops delivery.
 * Check access once before calling this (and throw), so a stranger gets an error on subscribing.
 */
export async function* authorizedEvents<P>(
  pubsub: PubSub,
  topic: Topic<P>,
  ctx: Context,
  authorize: (event: P, ctx: Context) => Promise<boolean>,
): AsyncGenerator<P> {
  const events = pubsub.subscribe(topic);
  try {
    for await (const event of events) {
      if (await authorize(event, ctx)) yield event;
    }
  } finally {
    await events.return?.();
  }
}
