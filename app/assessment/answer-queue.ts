/**
 * The exam page's answers not yet confirmed by the server. Each keeps the sequence number it was
 * given when chosen, so a resend after a network error or a busy server (503 with Retry-After) is a
 * repeat the server recognises: nothing is lost and nothing is applied twice. The queue is kept in
 * the browser's sessionStorage too, so a reload in the middle of an outage loses nothing either.
 */
export type PendingAnswer = { questionId: string; choice: number[]; seq: number };

/** What one send came to: kept by the server (saved, a repeat, or older than what it has), refused for good, or try again later. */
export type SendOutcome = { kind: "kept" } | { kind: "refused"; reason: string } | { kind: "retry"; afterSeconds: number };

type Store = { load(): PendingAnswer[]; save(pending: PendingAnswer[]): void };

export class AnswerQueue {
  private pending = new Map<string, PendingAnswer>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private emptied: Array<() => void> = [];

  constructor(
    private readonly send: (answer: PendingAnswer) => Promise<SendOutcome>,
    private readonly changed: (pending: number, settled?: { questionId: string; outcome: SendOutcome }) => void,
    private readonly store: Store,
  ) {}

  /** The answers a previous page left unsent; they are sent again at once. */
  restore(): PendingAnswer[] {
    const left = this.store.load();
    for (const answer of left) this.add(answer);
    return left;
  }

  /** A newer choice for a question replaces the older one waiting; both may be in flight, the server keeps the higher number. */
  add(answer: PendingAnswer) {
    this.pending.set(answer.questionId, answer);
    this.saveAndTell();
    void this.dispatch(answer);
  }

  get size() {
    return this.pending.size;
  }

  /** Resolves true once everything is confirmed, false when the wait runs out first. */
  whenEmpty(timeoutMs: number): Promise<boolean> {
    if (this.pending.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.emptied.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  dispose() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  private async dispatch(answer: PendingAnswer) {
    const outcome = await this.send(answer).catch((): SendOutcome => ({ kind: "retry", afterSeconds: 3 }));
    if (outcome.kind === "retry") return this.retryLater(outcome.afterSeconds);
    // Only the answer sent is settled; a newer one for the same question stays until its own reply.
    if (this.pending.get(answer.questionId)?.seq === answer.seq) this.pending.delete(answer.questionId);
    this.saveAndTell({ questionId: answer.questionId, outcome });
  }

  private retryLater(seconds: number) {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = null;
        for (const answer of [...this.pending.values()]) void this.dispatch(answer);
      },
      Math.min(Math.max(seconds, 1), 30) * 1000,
    );
  }

  private saveAndTell(settled?: { questionId: string; outcome: SendOutcome }) {
    this.store.save([...this.pending.values()]);
    this.changed(this.pending.size, settled);
    if (this.pending.size === 0) for (const resolve of this.emptied.splice(0)) resolve();
  }
}
