import type DataLoader from 'dataloader';
import type { LoaderFactory } from '../db/loaders';
import type { AppDeps, AppServices } from '../app/services';
import type { Infrastructure } from '../infrastructure';
import type { EmployerRole } from '../modules/employers/employer-member.entity';
import { InvalidTokenError, unauthenticated } from '../errors';

export interface Viewer {
  readonly userId: string;
  readonly sessionId: string;
  /** When the session expires: a live subscription ends then. */
  readonly sessionExpiresAt: Date;
}

export interface RequestInfo {
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export interface Context {
  readonly viewer: Viewer | null;
  readonly request: RequestInfo;
  /** The app's infrastructure (data source, config, pub/sub, logger); services are `services`. */
  readonly app: Infrastructure;
  /** The app's services by name: `ctx.services.contracts`. */
  readonly services: AppServices;
  /** This request's loader for `factory`, created on first use: relations resolve in batches. */
  loader<K, V>(factory: LoaderFactory<K, V>): DataLoader<K, V>;
  /**
   * Forgets every loaded value. A subscription keeps one context for all its events; each event
   * must see fresh rows (and fresh permissions), so `authorizedEvents` calls this per event.
   */
  resetLoaders(): void;
  /**
   * From now until the next `resetLoaders` or `shareLoaders`, `loader()` answers with `source`'s
   * loaders: a subscription takes its event's, shared by every subscriber of the event on the
   * instance (`EventScope`), so a row is loaded once per event whoever watches. Loaders give rows
   * by key whoever asks; what a viewer may see is still decided by each resolver.
   */
  shareLoaders(source: { loader<K, V>(factory: LoaderFactory<K, V>): DataLoader<K, V> }): void;
  /** The source whose loaders `loader()` answers with now (`shareLoaders`), if any. */
  sharedLoaders(): object | null;
  /**
   * The event whose loaders are shared has gone through its subscription's steps
   * (`LiveSubscription.sharing`, one event at a time): they are let go.
   */
  endSharing(): void;
  /**
   * The viewer's roles in employers as a live subscription knows them since it subscribed, kept
   * true by pushed events (a membership's end ends it, `AccessRequired`): the access rules read
   * them in memory instead of loading the viewer's memberships per event. Absent over HTTP.
   */
  knownEmployerRoles?: ReadonlyMap<string, EmployerRole>;
}

/**
 * The one context builder, called by both transports (HTTP per request, WebSocket per operation).
 * The app hands in its services, accounts' session lookup among them: this layer runs no module's
 * code of its own and knows the services only by their types.
 */
export async function createContext(app: AppDeps, authorization: string | undefined | null, request: RequestInfo): Promise<Context> {
  return contextOf(app, await authenticate(app, authorization), request);
}

/** A context for a viewer already known (a WebSocket operation: its socket's viewer). */
export function contextOf(app: AppDeps, viewer: Viewer | null, request: RequestInfo): Context {
  return new OperationContext(app, viewer, request);
}

/**
 * One per request or live operation, so kept small: its methods live on the prototype and its
 * loaders are made on first use (an idle socket's subscription holds one context for its life).
 */
class OperationContext implements Context {
  readonly services: AppServices;
  knownEmployerRoles?: ReadonlyMap<string, EmployerRole>;
  private loaders: Map<LoaderFactory<unknown, unknown>, DataLoader<unknown, unknown>> | undefined;
  private shared: { loader<K, V>(factory: LoaderFactory<K, V>): DataLoader<K, V> } | null = null;

  constructor(
    readonly app: AppDeps,
    readonly viewer: Viewer | null,
    readonly request: RequestInfo,
  ) {
    this.services = app.services;
  }

  loader<K, V>(factory: LoaderFactory<K, V>): DataLoader<K, V> {
    if (this.shared) return this.shared.loader(factory);
    this.loaders ??= new Map();
    let loader = this.loaders.get(factory as LoaderFactory<unknown, unknown>) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = factory(this.app.ds);
      this.loaders.set(factory as LoaderFactory<unknown, unknown>, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }

  resetLoaders(): void {
    this.shared = null;
    this.loaders = undefined;
  }

  shareLoaders(source: { loader<K, V>(factory: LoaderFactory<K, V>): DataLoader<K, V> }): void {
    this.loaders = undefined;
    this.shared = source;
  }

  sharedLoaders(): object | null {
    return this.shared;
  }

  endSharing(): void {
    this.shared = null;
  }
}

/**
 * No header: anonymous. A header with a token that is unknown, expired or revoked is an error
 * rather than a silent downgrade to anonymous, so a client learns its session is gone.
 */
export async function authenticate(app: AppDeps, authorization: string | undefined | null): Promise<Viewer | null> {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  const session = match ? await app.services.sessions.findActive(match[1]) : null;
  if (!session) throw new InvalidTokenError();
  return { userId: session.userId, sessionId: session.id, sessionExpiresAt: session.expiresAt };
}

export function requireViewer(ctx: Context): Viewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}
