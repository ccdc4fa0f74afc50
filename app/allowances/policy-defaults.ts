import type { Occupation } from "../occupations/occupations.ts";
import type { AllowanceKind, Condition, Instalment } from "./rules.ts";

export type PolicyDefinition = {
  regionCode: string;
  name: string;
  kind: AllowanceKind;
  occupation: Occupation;
  effectiveFrom: string;
  effectiveTo: string | null;
  amounts: Record<string, number>;
  instalments: Instalment[] | null;
  conditions: Condition[];
  noticeDays: number;
};

/** The seeded demo policy for 湖州市 (issue #6): 养老护理员 monthly post allowance by certificate level. */
export const HUZHOU_POST_ALLOWANCE: PolicyDefinition = {
  regionCode: "330500",
  name: "湖州市养老护理员岗位补贴",
  kind: "monthly",
  occupation: "elderly_caregiver",
  effectiveFrom: "2024-01-01",
  effectiveTo: null,
  amounts: { "5": 300, "4": 400, "3": 500, "2": 800, "1": 1200 },
  instalments: null,
  conditions: [
    { type: "valid_certificate" },
    { type: "contract_covers_month" },
    { type: "min_service_months", months: 3 },
    { type: "min_attendance_days", days: 20 },
    { type: "social_insurance_paid" },
    { type: "no_liability_incident" },
  ],
  noticeDays: 5,
};
