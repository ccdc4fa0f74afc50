/**
 * Irreversible steps post this field from their confirmation panel (`ConfirmAction`); an action refuses the step
 * without it, so a stray or forged one-click form cannot skip the numbers the user was shown.
 */
export const CONFIRM_FIELD = "confirmed";

export function isConfirmed(formData: FormData): boolean {
  return formData.get(CONFIRM_FIELD) === "yes";
}
