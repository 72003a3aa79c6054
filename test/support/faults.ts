/**
 * Scripted misbehaviour for the stand-in servers (Devin and GitHub): a fault applies to the
 * next matching requests, by method and path, and says how to answer instead.
 */
export interface Fault {
  method?: string;
  /** Matched against the pathname: a string exactly, a RegExp by `test`. */
  path?: string | RegExp;
  /** How many matching requests it applies to (default 1; Infinity for all). */
  times?: number;
  status?: number;
  /**
   * Sent with the fault's answer. With no status, body or raw body the GitHub stand-in adds them
   * to its real answer (a `deprecation`, a `sunset`, a `link` of the fault's own); a redirect is
   * a 3xx status with a `location`.
   */
  headers?: Record<string, string>;
  body?: unknown;
  /** Sent as it is instead of `body`, for answers that are not JSON. */
  rawBody?: string;
  /** Read the request, never answer (until the server closes). */
  hang?: boolean;
  /** Read the request, then destroy the connection without an answer. */
  reset?: boolean;
  /** Handle the request for real first (a key IS minted), then answer with the fault. */
  process?: boolean;
  /** Wait this long first; with nothing else set, then answer normally. */
  delayMs?: number;
}

/** The faults still to apply, in the order they were added. */
export class FaultPlan {
  private readonly pending: (Fault & { left: number })[] = [];

  add(...faults: Fault[]): void {
    for (const fault of faults) this.pending.push({ ...fault, left: fault.times ?? 1 });
  }

  /** The first fault that matches this request, counted as used; undefined for none. */
  take(method: string, pathname: string): Fault | undefined {
    const fault = this.pending.find(
      (candidate) =>
        candidate.left > 0 &&
        (candidate.method === undefined || candidate.method.toUpperCase() === method) &&
        (candidate.path === undefined ||
          (typeof candidate.path === 'string'
            ? candidate.path === pathname
            : candidate.path.test(pathname))),
    );
    if (fault !== undefined) fault.left--;
    return fault;
  }
}

/** Whether the fault replaces the answer; one with only a delay is answered normally. */
export function answersItself(fault: Fault): boolean {
  return (
    fault.hang === true ||
    fault.reset === true ||
    fault.status !== undefined ||
    fault.body !== undefined ||
    fault.rawBody !== undefined
  );
}
