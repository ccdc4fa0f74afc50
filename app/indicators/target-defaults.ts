import type { IndicatorKey } from "./catalogue.ts";

/**
 * The plans' targets (domain §8), each due by the end of its year: a region is given them as defaults, and its
 * districts and streets inherit them until an administrator sets their own. The source says whose plan the figure
 * comes from, so a city never appears to cite another city's plan as its own.
 */
export const planTargets: Array<{ indicator: IndicatorKey; year: number; value: number; basis: string }> = [
  { indicator: "per10kElderly", year: 2022, value: 26, basis: "默认值：参照长兴县规划" },
  { indicator: "per10kElderly", year: 2025, value: 30, basis: "默认值：参照长兴县规划" },
  { indicator: "level3PlusShare", year: 2022, value: 15, basis: "默认值：参照长兴县规划" },
  { indicator: "level3PlusShare", year: 2025, value: 18, basis: "默认值：参照长兴县规划" },
  { indicator: "directorTrainingRate", year: 2022, value: 100, basis: "默认值：参照鞍山市规划" },
  { indicator: "caregiverTrainingRate", year: 2022, value: 100, basis: "默认值：参照鞍山市规划" },
  // The plan's 100 % covers every caregiver, so every targeted group too.
  { indicator: "caregiverTrainingRateNewEntrants", year: 2022, value: 100, basis: "默认值：参照鞍山市规划" },
  { indicator: "caregiverTrainingRate4050", year: 2022, value: 100, basis: "默认值：参照鞍山市规划" },
  { indicator: "bedsPerSocialWorker", year: 2022, value: 60, basis: "默认值：参照长兴县规划" },
  { indicator: "townshipSocialWorkers", year: 2022, value: 1, basis: "默认值：参照长兴县规划" },
  { indicator: "homeCareSocialWorkers", year: 2022, value: 1, basis: "默认值：参照长兴县规划" },
  { indicator: "nursingBedShare", year: 2022, value: 50, basis: "默认值：参照鞍山市规划" },
  { indicator: "nursingBedShare", year: 2025, value: 60, basis: "默认值：参照上海市规划（新城）" },
];
