import type { DataSource } from 'typeorm';
import type { Config } from './config';
import type { Logger } from './logger';
import type { PubSub } from './pubsub/pubsub';

/** What every service is built from. */
export interface AppDeps {
  readonly ds: DataSource;
  readonly config: Config;
  readonly pubsub: PubSub;
  readonly logger: Logger;
  readonly services: Services;
}

export type ServiceClass<T> = new (deps: AppDeps) => T;

/**
 * One instance of each service per app, built on first use: modules ask for the services they
 * need (`deps.services.get(ListingService)`) and no central list has to know them all.
 */
export class Services {
  private readonly instances = new Map<ServiceClass<unknown>, unknown>();
  private deps!: AppDeps;

  bind(deps: Omit<AppDeps, 'services'>): AppDeps {
    this.deps = { ...deps, services: this };
    return this.deps;
  }

  get<T>(service: ServiceClass<T>): T {
    let instance = this.instances.get(service) as T | undefined;
    if (!instance) {
      instance = new service(this.deps);
      this.instances.set(service, instance);
    }
    return instance;
  }
}
