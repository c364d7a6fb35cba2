/** A fixed-window counter shared by every app process (PostgreSQL by default, Redis when configured). */
export abstract class RateLimitStore {
  /** Adds one hit to `key` and returns the count in the current window and the seconds it has left. */
  abstract hit(key: string, windowSeconds: number): Promise<{ hits: number; resetInSeconds: number }>;
  /** Takes one hit back (an attempt that did not count after all); never below zero, never creates a window. */
  abstract release(key: string): Promise<void>;
  /** The hits in the current window (0 when none is open), without adding one. */
  abstract peek(key: string, windowSeconds: number): Promise<number>;
  /** Ends the window: the next hit starts again at one (e.g. "consecutive" failures after a success). */
  abstract reset(key: string): Promise<void>;
}
