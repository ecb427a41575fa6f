import { describe, expect, it } from 'vitest';
import { parseMapsURL } from './mapsUrl';

describe('parseMapsURL', () => {
  it.each([
    [
      'a place with its pin',
      'https://www.google.com/maps/place/Stephansdom/@48.2084,16.3731,17z/data=!3m1!4b1!4m6!3m5!1s0x0:0x0!8m2!3d48.208493!4d16.373118',
      { latitude: 48.208493, longitude: 16.373118, name: 'Stephansdom' },
    ],
    [
      'a place with an encoded name',
      'https://www.google.at/maps/place/Caf%C3%A9+Sacher+Wien/@48.2038,16.3699,17z',
      { latitude: 48.2038, longitude: 16.3699, name: 'Café Sacher Wien' },
    ],
    [
      'a map centre only',
      'https://www.google.com/maps/@-33.8567844,151.213108,15z',
      { latitude: -33.8567844, longitude: 151.213108, name: '' },
    ],
    ['a ?q= search', 'https://maps.google.com/?q=47.0707,15.4395', { latitude: 47.0707, longitude: 15.4395, name: '' }],
    [
      'a ?query= search',
      'https://www.google.com/maps/search/?api=1&query=52.5163,13.3777',
      { latitude: 52.5163, longitude: 13.3777, name: '' },
    ],
    [
      'a place named by its coordinates',
      'https://www.google.com/maps/place/48.2,16.37',
      { latitude: 48.2, longitude: 16.37, name: '' },
    ],
  ])('reads %s', (_what, url, place) => {
    expect(parseMapsURL(url)).toEqual(place);
  });

  it.each([
    ['no URL', 'Stephansplatz 1, Wien'],
    ['another site', 'https://example.com/maps/@48.2,16.37,15z'],
    ['a search by name only', 'https://www.google.com/maps?q=Stephansdom'],
    ['coordinates out of range', 'https://www.google.com/maps/@95.1,16.37,15z'],
    ['a short link (no coordinates until it is opened)', 'https://maps.app.goo.gl/AbCdEf123'],
  ])('refuses %s', (_what, url) => {
    expect(parseMapsURL(url)).toBeNull();
  });
});
