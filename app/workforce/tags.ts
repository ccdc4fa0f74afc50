import { addYears, format, parseISO } from "date-fns";

/**
 * Tags for targeted training (Changxing plan): 新入职 new entrants and "4050" job seekers. Pure rules over plain
 * data, read by the rosters' filters and the indicators' training rates; the date is always passed in.
 */

export const trainingTags = ["new_entrant", "job_seeker_4050"] as const;
export type TrainingTag = (typeof trainingTags)[number];
export const trainingTagNames: Record<TrainingTag, string> = { new_entrant: "新入职", job_seeker_4050: "“4050”人员" };

/** Whole years of age (周岁) on the date; someone born on 29 February turns a year older on 1 March in other years. */
export function ageOn(birthDate: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/**
 * In the first year of the occupation: the earliest hire in it, at any institution, is on or before the date and
 * less than a year before it. `firstHiredOn` is null when the person was never hired in the occupation.
 */
export function isNewEntrant(firstHiredOn: string | null, date: string): boolean {
  if (firstHiredOn === null || firstHiredOn > date) return false;
  return date < format(addYears(parseISO(firstHiredOn), 1), "yyyy-MM-dd");
}

export type JobSeekerFacts = { gender: "male" | "female"; birthDate: string; /** 求职登记日期, null when never recorded. */ jobSeekerOn: string | null };

/** "4050": registered as a job seeker by the date, and a woman of 40 or more or a man of 50 or more on it. */
export function is4050(person: JobSeekerFacts, date: string): boolean {
  if (person.jobSeekerOn === null || person.jobSeekerOn > date) return false;
  return ageOn(person.birthDate, date) >= (person.gender === "female" ? 40 : 50);
}
