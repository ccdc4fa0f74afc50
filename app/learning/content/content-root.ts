import path from "node:path";
import { getConfig } from "../../config.server.ts";
import { siblingSharedModulesRoot } from "./load-content.ts";

/** Where the courses are read from (CONTENT_PATH, by default content/courses in the project). */
export function contentRoot(): string {
  return path.resolve(getConfig().contentPath);
}

/** Where the confidential exam pools are read from (EXAM_POOL_PATH, by default the demo pools in content/exam-pools). */
export function examPoolRoot(): string {
  return path.resolve(getConfig().examPoolPath);
}

/** Where the shared modules (such as 基本要求) are read from: content/shared-modules beside the courses. */
export function sharedModulesRoot(): string {
  return siblingSharedModulesRoot(contentRoot());
}
