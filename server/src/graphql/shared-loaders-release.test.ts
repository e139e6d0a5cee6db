import { useTestApp } from '../../test/harness';
import type { Topic } from '../pubsub/pubsub';
import { contextOf } from './context';
import type { SharedEvent } from './shared-events';
import { authorizedEvents } from './subscriptions';

/*
 * An event's shared loaders (`Context.shareLoaders`, taken by a subscription's first step) are let
 * go once the event has gone through its steps, whether it was delivered, dropped by the filter
 * (conversationEvents drops the viewer's own typing and read receipts; messageAdded every typing
 * and read event) or expanded to nothing by a later step: an idle subscription keeps no event's
 * EventScope (and what its loads hold) until its next event.
 */

const t = useTestApp();

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('shared loaders of an event that never reached the execution', () => {
  it('are not kept by a subscription whose filter dropped the event', async () => {
    const ctx = contextOf(t.app.deps, null, { ip: null, userAgent: null });
    const topic = `test.filtered:${Date.now()}` as Topic<{ n: number }>;
    const events = authorizedEvents(ctx, topic, () => false);
    try {
      await t.app.deps.pubsub.publish(topic, { n: 1 });
      await tick();
      await tick();
      expect(ctx.sharedLoaders()).toBeNull();
    } finally {
      await events.return?.();
    }
  });

  it('are not kept by a subscription whose later step expanded the event to nothing', async () => {
    const ctx = contextOf(t.app.deps, null, { ip: null, userAgent: null });
    const topic = `test.expanded:${Date.now()}` as Topic<{ n: number }>;
    const events = authorizedEvents(ctx, topic) as unknown as { pipe(step: (value: SharedEvent<{ n: number }>) => unknown[]): unknown; return(): Promise<unknown> };
    events.pipe(() => []);
    try {
      await t.app.deps.pubsub.publish(topic, { n: 1 });
      await tick();
      await tick();
      expect(ctx.sharedLoaders()).toBeNull();
    } finally {
      await events.return();
    }
  });
});
