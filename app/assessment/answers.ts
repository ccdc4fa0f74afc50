/**
 * Theory-exam answer saves arrive over unreliable networks and from retrying clients. Each save
 * carries the client's sequence number for that attempt; the server keeps the highest it has seen
 * per question, so a late-arriving older save never overwrites a newer one and a repeat changes nothing.
 */
export type StoredAnswer = { choice: number[]; seq: number };
export type SaveDecision = { apply: true } | { apply: false; reason: "duplicate" | "stale" };

export function decideSave(current: StoredAnswer | undefined, incoming: StoredAnswer): SaveDecision {
  if (!current || incoming.seq > current.seq) return { apply: true };
  return { apply: false, reason: incoming.seq === current.seq ? "duplicate" : "stale" };
}

/** Seconds left before the deadline fixed at start (the server's clock), never below zero. */
export function secondsRemaining(deadline: Date, now: Date): number {
  return Math.max(0, Math.floor((deadline.getTime() - now.getTime()) / 1000));
}

export function deadlineFor(startedAt: Date, durationMinutes: number): Date {
  return new Date(startedAt.getTime() + durationMinutes * 60_000);
}
