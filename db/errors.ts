import { DrizzleQueryError } from "drizzle-orm/errors";

/** The driver's own error behind drizzle's DrizzleQueryError (which names the failed query). */
export function driverError(error: unknown): unknown {
  return error instanceof DrizzleQueryError && error.cause !== undefined ? error.cause : error;
}
