/**
 * The time the domain rules read (a review window, when a contract ended), injected so tests can
 * move it instead of waiting. SQL that compares with "now" takes `clock.now()` as a parameter
 * rather than calling PostgreSQL's `now()`, so both sides agree on the moved time.
 */
export interface Clock {
  now(): Date;
  /**
   * For a clock that jumps (the tests' MovableClock): `listener` runs after each jump, so a timer
   * that waits until a time of this clock is set again from the new `now()`. Returns its removal.
   */
  onJump?(listener: () => void): () => void;
}

export const systemClock: Clock = { now: () => new Date() };
