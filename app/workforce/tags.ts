import { addDays, format, parseISO, subYears } from "date-fns";

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

/** The earliest first hire still in its first year on the date: the day after the same date a year before. */
export function newEntrantSince(date: string): string {
  return format(addDays(subYears(parseISO(date), 1), 1), "yyyy-MM-dd");
}

/**
 * In the first year of the occupation: the earliest hire in it, at any institution, is on or before the date and
 * after the same date a year before. `firstHiredOn` is null when the person was never hired in the occupation.
 */
export function isNewEntrant(firstHiredOn: string | null, date: string): boolean {
  return firstHiredOn !== null && firstHiredOn <= date && firstHiredOn >= newEntrantSince(date);
}

/** The latest birth date of someone who is at least `age` on the date (written so SQL can compare it as text too). */
export function bornBy(date: string, age: number): string {
  return `${Number(date.slice(0, 4)) - age}${date.slice(4)}`;
}

export const JOB_SEEKER_AGE = { female: 40, male: 50 } as const;

export type JobSeekerFacts = { gender: "male" | "female"; birthDate: string; /** 求职登记日期, null when never recorded. */ jobSeekerOn: string | null };

/** "4050": registered as a job seeker by the date, and a woman of 40 or more or a man of 50 or more on it. */
export function is4050(person: JobSeekerFacts, date: string): boolean {
  if (person.jobSeekerOn === null || person.jobSeekerOn > date) return false;
  return ageOn(person.birthDate, date) >= JOB_SEEKER_AGE[person.gender];
}
