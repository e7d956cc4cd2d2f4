/**
 * The number to dial for an ambulance where the clinic is, when its config does not say: by the
 * clinic's time zone, for the places the clinics are in. Elsewhere the config must name it.
 */
export const EMERGENCY_NUMBER_BY_TIME_ZONE: Readonly<Record<string, string>> = {
  'Asia/Tokyo': '119',
  'Asia/Taipei': '119',
  'Asia/Seoul': '119',
  'Asia/Hong_Kong': '999',
  'Asia/Macau': '999',
  'Asia/Singapore': '995',
};

/**
 * The emergency number a patient is told to dial. Journeys and contacts started before the
 * clinic config carried one pinned a clinic without it: the time zone's number, and Japan's
 * (every clinic configured then was in Japan) when the zone has none.
 */
export function emergencyNumberOf(clinic: {
  timeZone: string;
  emergencyNumber?: string | undefined;
}): string {
  return clinic.emergencyNumber ?? EMERGENCY_NUMBER_BY_TIME_ZONE[clinic.timeZone] ?? '119';
}
