import type { DbOrTx } from "../../db/client.ts";
import type { Scope } from "../auth/permissions.ts";
import type { Todo } from "../home/todos.server.ts";
import { unappliedPassCount } from "./applications.server.ts";
import { subsidyListsWaiting } from "./lists.server.ts";

/** Subsidy to-dos for the role homes (app/home/todos.server.ts); items with nothing waiting are left out. */

/** District: lists of ended months with applications to review and put to 公示; city: lists whose 公示 has ended. */
export async function subsidyRegionTodos(db: DbOrTx, scopes: { review: Scope | null; approve: Scope | null }, now: Date): Promise<Todo[]> {
  const todos: Todo[] = [];
  if (scopes.review) {
    const { toReview } = await subsidyListsWaiting(db, scopes.review, now);
    todos.push({ key: "subsidy-review", label: "培训补贴名册待审核、公示", count: toReview, href: "/subsidies?work=review" });
  }
  if (scopes.approve) {
    const { toApprove } = await subsidyListsWaiting(db, scopes.approve, now);
    todos.push({ key: "subsidy-approve", label: "培训补贴名册公示期满，待审批", count: toApprove, href: "/subsidies?work=approve" });
  }
  return todos.filter((t) => t.count > 0);
}

/** Base: its passes (certificates it issued, not revoked) nobody has applied for yet. */
export async function subsidyBaseTodos(db: DbOrTx, scope: Scope | null): Promise<Todo[]> {
  if (!scope) return [];
  const count = await unappliedPassCount(db, scope.organisationIds);
  return count > 0 ? [{ key: "subsidy-unapplied", label: "取证考生尚未申请培训补贴", count, href: "/base/subsidies" }] : [];
}
