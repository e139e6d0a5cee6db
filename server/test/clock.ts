import type { Clock } from '../src/clock';

/** The real time moved by an offset: `advance` jumps forward, as days passing would. */
export class MovableClock implements Clock {
  private offsetMs = 0;
  private readonly jumps = new Set<() => void>();

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Timers waiting for a time of this clock (a session's expiry) are woken by `advance`. */
  onJump(listener: () => void): () => void {
    this.jumps.add(listener);
    return () => this.jumps.delete(listener);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
    for (const listener of [...this.jumps]) listener();
  }

  advanceDays(days: number): void {
    this.advance(days * 24 * 60 * 60 * 1000);
  }
}
