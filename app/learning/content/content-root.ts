import path from "node:path";
import { getConfig } from "../../config.server.ts";

/** Where the courses are read from (CONTENT_PATH, by default content/courses in the project). */
export function contentRoot(): string {
  return path.resolve(getConfig().contentPath);
}
