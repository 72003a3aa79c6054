import { plural } from '../../base/words.ts';

/** The longest the log goes without a word on a long run. */
export const PROGRESS_EVERY_MS = 30_000;

/** "about 9 min left", "about 40 s left"; undefined before anything is done to estimate from. */
function timeLeft(elapsedMs: number, done: number, total: number): string | undefined {
  if (done === 0 || done >= total) return undefined;
  const leftMs = (elapsedMs / done) * (total - done);
  return leftMs >= 90_000
    ? `about ${Math.round(leftMs / 60_000)} min left`
    : `about ${Math.max(1, Math.round(leftMs / 1_000))} s left`;
}

/** "412 of 1,000 targets done, about 9 min left" */
export function progressLine(done: number, total: number, elapsedMs: number): string {
  const left = timeLeft(elapsedMs, done, total);
  const of = `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} ${plural(total, 'target')}`;
  return `${of} done${left === undefined ? '' : `, ${left}`}`;
}

/**
 * Counts targets as they finish and says how far the run is at least every PROGRESS_EVERY_MS,
 * from a timer of its own (a target may wait on GitHub for longer than that).
 */
export class Progress {
  private done = 0;
  private readonly startedMs: number;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly total: number;
  private readonly now: () => number;
  private readonly say: (line: string) => void;

  constructor(total: number, now: () => number, say: (line: string) => void) {
    this.total = total;
    this.now = now;
    this.say = say;
    this.startedMs = now();
    // A handful of targets is over before anyone would wait for a word.
    this.timer =
      total > 1 ? setInterval(() => this.report(), PROGRESS_EVERY_MS).unref() : undefined;
  }

  finished(): void {
    this.done++;
  }

  private report(): void {
    this.say(progressLine(this.done, this.total, this.now() - this.startedMs));
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
