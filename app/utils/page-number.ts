import { z } from "./zod.ts";

// Whatever the address says (text, 2.5, 1e400, a 20-digit number), a list opens at a real page or the first.
const pageSchema = z.coerce.number().int().min(1).max(1_000_000).catch(1);

/** The `?page=` of a paged list, 1 when missing or not a sensible page number. */
export const pageNumber = (url: URL): number => pageSchema.parse(url.searchParams.get("page") ?? undefined);
