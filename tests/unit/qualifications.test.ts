import { describe, expect, it } from "vitest";
import { qualificationCovers, qualificationProblem } from "../../app/assessment/qualifications.ts";

describe("考评员 qualification", () => {
  const third = [{ occupation: "elderly_caregiver" as const, highestLevel: 3 }];
  it.each([
    [5, true],
    [4, true],
    [3, true],
    [2, false],
    [1, false],
  ])("highest level 三级 covers %s级: %s", (level, covered) => {
    expect(qualificationCovers(third, "elderly_caregiver", level)).toBe(covered);
  });

  it("covers only its own occupation and says why not", () => {
    expect(qualificationCovers(third, "childcare_worker", 5)).toBe(false);
    expect(qualificationProblem(third, { occupation: "elderly_caregiver", level: 2 })).toBe("该考评员的资格最高为三级，不能考评养老护理员二级");
    expect(qualificationProblem(third, { occupation: "childcare_worker", level: 5 })).toBe("该考评员没有保育师考评员资格，不能考评保育师五级");
    expect(qualificationProblem([], { occupation: "elderly_caregiver", level: 5 })).toBe("该考评员没有养老护理员考评员资格，不能考评养老护理员五级");
    expect(qualificationProblem(third, { occupation: "elderly_caregiver", level: 3 })).toBeNull();
  });
});
