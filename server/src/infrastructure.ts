import type { DataSource } from 'typeorm';
import type { Clock } from './clock';
import type { Config } from './config';
import type { Logger } from './logger';
import type { PubSub } from './pubsub/pubsub';

/** What services are built from: the stores and the app's settings, no other service. */
export interface Infrastructure {
  readonly ds: DataSource;
  readonly config: Config;
  readonly pubsub: PubSub;
  readonly logger: Logger;
  /** The time the rules read (tests move it); absent means the system clock. */
  readonly clock?: Clock;
}
