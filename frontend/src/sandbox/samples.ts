/** Places the location form offers, so nobody has to look up coordinates. */
export const SAMPLE_LOCATIONS = [
  { latitude: 52.516275, longitude: 13.377704, place: 'Brandenburger Tor, Berlin' },
  { latitude: 48.137154, longitude: 11.576124, place: 'Marienplatz, München' },
  { latitude: 48.208493, longitude: 16.373118, place: 'Stephansplatz, Wien' },
  { latitude: 47.376888, longitude: 8.541694, place: 'Hauptbahnhof, Zürich' },
] as const;

/** A new customer number for trying a fresh conversation (a German mobile range). */
export function randomCustomerNumber(): string {
  let digits = '';
  for (let i = 0; i < 8; i += 1) digits += Math.floor(Math.random() * 10);
  return `+49151${digits}`;
}
