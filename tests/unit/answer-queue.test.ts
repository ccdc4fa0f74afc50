import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AnswerQueue, type PendingAnswer, type SendOutcome } from "../../app/assessment/answer-queue.ts";

function memoryStore(initial: PendingAnswer[] = []) {
  let kept = initial;
  return { load: () => kept, save: (list: PendingAnswer[]) => (kept = list), get kept() { return kept; } };
}

describe("the exam page's answer queue", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("keeps an answer through a network error and a 503, resending it with the same sequence number", async () => {
    const replies: Array<SendOutcome | Error> = [new Error("offline"), { kind: "retry", afterSeconds: 5 }, { kind: "kept" }];
    const sent: PendingAnswer[] = [];
    const store = memoryStore();
    const counts: number[] = [];
    const queue = new AnswerQueue(
      async (a) => {
        sent.push(a);
        const reply = replies.shift()!;
        if (reply instanceof Error) throw reply;
        return reply;
      },
      (n) => counts.push(n),
      store,
    );
    queue.add({ questionId: "q1", choice: [2], seq: 7 });
    await vi.advanceTimersByTimeAsync(0);
    expect(queue.size).toBe(1);
    expect(store.kept).toEqual([{ questionId: "q1", choice: [2], seq: 7 }]);
    await vi.advanceTimersByTimeAsync(3000);
    expect(queue.size).toBe(1);
    // The busy server asked for 5 seconds.
    await vi.advanceTimersByTimeAsync(4000);
    expect(queue.size).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(queue.size).toBe(0);
    expect(sent.map((a) => a.seq)).toEqual([7, 7, 7]);
    expect(store.kept).toEqual([]);
    expect(counts.at(-1)).toBe(0);
  });

  it("settles only the answer a reply is for: a newer choice for the question stays until its own reply", async () => {
    const resolvers: Array<(o: SendOutcome) => void> = [];
    const queue = new AnswerQueue(() => new Promise((resolve) => resolvers.push(resolve)), () => undefined, memoryStore());
    queue.add({ questionId: "q1", choice: [0], seq: 1 });
    queue.add({ questionId: "q1", choice: [1], seq: 2 });
    resolvers[0]!({ kind: "kept" });
    await vi.advanceTimersByTimeAsync(0);
    expect(queue.size).toBe(1);
    const emptied = queue.whenEmpty(10_000);
    resolvers[1]!({ kind: "kept" });
    await expect(emptied).resolves.toBe(true);
  });

  it("sends again what a reloaded page left in storage, and waiting for it can time out", async () => {
    const store = memoryStore([{ questionId: "q9", choice: [0, 2], seq: 12 }]);
    const sent: PendingAnswer[] = [];
    const queue = new AnswerQueue(async (a) => (sent.push(a), { kind: "retry", afterSeconds: 60 }), () => undefined, store);
    expect(queue.restore()).toEqual([{ questionId: "q9", choice: [0, 2], seq: 12 }]);
    const waited = queue.whenEmpty(1000);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(waited).resolves.toBe(false);
    expect(sent).toEqual([{ questionId: "q9", choice: [0, 2], seq: 12 }]);
    queue.dispose();
  });
});
