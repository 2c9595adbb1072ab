/** What every certificate event says of the certificate (`certificates.recognised`, `certificates.revoked`). */
export function certificateEventFields(c: { id: string; residentId: string; courseVersionId: string; communeCode: string; villageCode: string | null }) {
  return { certificateId: c.id, residentId: c.residentId, courseVersionId: c.courseVersionId, communeCode: c.communeCode, villageCode: c.villageCode };
}
