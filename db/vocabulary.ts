/**
 * The value lists stored in enum-like text columns. They live with the schema, so the data layer loads without the
 * domain modules; each domain module re-exports its list beside the names and rules it gives them.
 */
export const occupations = ["elderly_caregiver", "infant_caregiver", "childcare_worker", "capability_assessor", "family_caregiver"] as const;
// social_work_station (indicators, #15 item 7): 乡镇（街道）社会工作服务站, whose staff count as township social workers.
export const organisationTypes = ["training_base", "elderly_care", "childcare", "home_care", "civil_affairs", "social_work_station"] as const;
export const courseAudiences = ["director", "social_worker", "continuing_education"] as const;
export const allowanceKinds = ["monthly", "level_award", "entry_award"] as const;
export const schoolings = ["secondary_vocational", "college", "bachelor"] as const;
export const subsidyKinds = ["training", "skill_upgrade"] as const;
export const indicatorKeys = [
  "per10kElderly",
  "level3PlusShare",
  "directorTrainingRate",
  "caregiverTrainingRate",
  // Targeted training (#15 item 9): the caregiver rate among new entrants and among "4050" job seekers.
  "caregiverTrainingRateNewEntrants",
  "caregiverTrainingRate4050",
  "bedsPerSocialWorker",
  "townshipSocialWorkers",
  "homeCareSocialWorkers",
  "nursingBedShare",
] as const;
