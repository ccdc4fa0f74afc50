import { z } from "../utils/zod.ts";
import { sessionDateProblems } from "./session-dates.ts";

/** The rooms textarea: one room a line, "名称，容量". */
export const roomsSchema = z
  .string()
  .trim()
  .min(1, "请至少填写一个考场")
  .transform((text, ctx) => {
    const rooms = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean).map((line) => {
      const [name = "", capacity = ""] = line.split(/[,，]/).map((s) => s.trim());
      return { name, capacity: Number(capacity) };
    });
    if (rooms.some((r) => !r.name || !Number.isInteger(r.capacity) || r.capacity < 1 || r.capacity > 500)) {
      ctx.addIssue({ code: "custom", message: "每行写一个考场：名称，容量（如：一号考场，30）" });
      return z.NEVER;
    }
    if (new Set(rooms.map((r) => r.name)).size !== rooms.length) {
      ctx.addIssue({ code: "custom", message: "考场名称不能重复" });
      return z.NEVER;
    }
    return rooms;
  });

/** A session's name, calendar, venue and rooms, as on creation and on edit; the dates are checked against today (China time). */
export function sessionDetailsSchema(today: string) {
  const calendar = z
    .object({
      name: z.string().trim().min(2, "请填写批次名称").max(60, "最多 60 个字"),
      theoryStartsAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "请选择理论考试开始时间"),
      applicationsCloseOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "请选择报名截止日期"),
      venue: z.string().trim().min(2, "请填写考点地址").max(100, "最多 100 个字"),
    })
    .superRefine((v, ctx) => {
      const problems = sessionDateProblems({ examDate: v.theoryStartsAt.slice(0, 10), applicationsCloseOn: v.applicationsCloseOn }, today);
      for (const [path, message] of Object.entries(problems)) ctx.addIssue({ code: "custom", path: [path], message });
    });
  // The rooms are parsed beside the calendar, not inside it, so a bad room list and bad dates are reported together.
  return calendar.and(z.object({ rooms: roomsSchema })).transform((v) => ({ ...v, theoryStartsAt: new Date(`${v.theoryStartsAt}:00+08:00`) }));
}

/** The form's values for a stored session (datetime-local in China time, rooms one a line). */
export function sessionFormValues(session: { name: string; theoryStartsAt: Date; applicationsCloseOn: string; venue: string; rooms: Array<{ name: string; capacity: number }> }) {
  return {
    name: session.name,
    theoryStartsAt: new Date(session.theoryStartsAt.getTime() + 8 * 3600_000).toISOString().slice(0, 16),
    applicationsCloseOn: session.applicationsCloseOn,
    venue: session.venue,
    rooms: session.rooms.map((r) => `${r.name}，${r.capacity}`).join("\n"),
  };
}
