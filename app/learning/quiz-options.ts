import { seededRandom, shuffled } from "../utils/random.ts";

/** FNV-1a: a stable 32-bit number from a string, so an order can be re-created from what the attempt stores. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The order a practice question's options are shown in within one attempt, as indexes into its options: shuffled like
 * a theory paper's, so the position of the right answer in the bank file teaches nothing. 正确 / 错误 stay in place.
 * Derived from the attempt and the question, so the hand-in feedback shows the same order without storing it.
 */
export function quizOptionOrder(attemptId: number, question: { id: string; type: string; options: readonly string[] }): number[] {
  const order = question.options.map((_, i) => i);
  return question.type === "true_false" ? order : shuffled(order, seededRandom(hash32(`${attemptId}:${question.id}`)));
}
