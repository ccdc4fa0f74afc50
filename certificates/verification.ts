/**
 * What public verification says about a certificate, from its facts: revoked first (a black-listed
 * certificate is revoked whichever edition is shown), then a replaced edition, then an external record
 * no officer has confirmed yet.
 */
export type VerificationStatus = "valid" | "revoked" | "superseded" | "unverified";

export function verificationStatus(
  certificate: { source: "issued" | "external"; verifiedAt: Date | null; revokedAt: Date | null },
  edition: { supersededAt: Date | null } | null,
): VerificationStatus {
  if (certificate.revokedAt) return "revoked";
  if (edition?.supersededAt) return "superseded";
  if (certificate.source === "external" && !certificate.verifiedAt) return "unverified";
  return "valid";
}

export const verificationStatusNames: Record<VerificationStatus, string> = {
  valid: "有效",
  revoked: "已吊销",
  superseded: "已作废（已补发新证书）",
  unverified: "外部登记，未经核验",
};
