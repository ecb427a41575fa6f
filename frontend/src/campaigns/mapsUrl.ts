// A Google Maps link pasted into a WhatsApp location header: the place's
// name and coordinates are read from it (the address is typed).

export interface MapsPlace {
  latitude: number;
  longitude: number;
  /** The place's name from /place/<name>/, else "". */
  name: string;
}

const COORDS = /^\s*(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$/;

function coords(text: string | null | undefined): { latitude: number; longitude: number } | null {
  const m = text ? COORDS.exec(text) : null;
  if (!m) return null;
  const latitude = Number(m[1]);
  const longitude = Number(m[2]);
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  return { latitude, longitude };
}

function decodeName(segment: string): string {
  try {
    return decodeURIComponent(segment.replace(/\+/g, ' ')).trim();
  } catch {
    return segment.replace(/\+/g, ' ').trim();
  }
}

/**
 * Reads a Google Maps URL: ".../place/<name>/@lat,lng,17z", ".../@lat,lng,15z"
 * or "...?q=lat,lng" (also query=, ll=). Null when it holds no coordinates.
 */
export function parseMapsURL(input: string): MapsPlace | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if (!/(^|\.)google\.[a-z.]+$|^maps\.app\.goo\.gl$|^goo\.gl$/.test(url.hostname)) return null;
  const path = url.pathname;
  const place = /\/place\/([^/]+)/.exec(path);
  const name = place ? decodeName(place[1]!) : '';

  // "!3d<lat>!4d<lng>" in the data part is the place itself; "@" is the map's centre.
  const pin = /!3d(-?\d+(?:\.\d+)?)!4d(-?\d+(?:\.\d+)?)/.exec(path);
  const at = /@(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)/.exec(path);
  const found =
    (pin && coords(`${pin[1]},${pin[2]}`)) ||
    (at && coords(`${at[1]},${at[2]}`)) ||
    coords(url.searchParams.get('q')) ||
    coords(url.searchParams.get('query')) ||
    coords(url.searchParams.get('ll')) ||
    (place ? coords(name) : null);
  if (!found) return null;
  // A "place" that is itself a coordinate pair names nothing.
  return { ...found, name: coords(name) ? '' : name };
}
