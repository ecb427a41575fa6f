import { describe, expect, it } from 'vitest';
import de from './de.json';
import en from './en.json';
import i18n, { LANGUAGE_STORAGE_KEY, detectLanguage, setLanguage } from '.';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const enKeys = flatten(en);
const deKeys = flatten(de);

describe('translations', () => {
  it('English and German have exactly the same keys', () => {
    const missingInGerman = [...enKeys.keys()].filter((k) => !deKeys.has(k));
    const missingInEnglish = [...deKeys.keys()].filter((k) => !enKeys.has(k));
    expect({ missingInGerman, missingInEnglish }).toEqual({ missingInGerman: [], missingInEnglish: [] });
  });

  it('has no empty texts', () => {
    const empty = [...enKeys, ...deKeys].filter(([, v]) => v.trim() === '').map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const mismatched = [...enKeys].filter(
      ([k, v]) => placeholders(v).join() !== placeholders(deKeys.get(k) ?? '').join(),
    );
    expect(mismatched.map(([k]) => k)).toEqual([]);
  });

  it('names the roles in both languages', () => {
    expect(en.roles).toEqual({
      admin: 'Administrator',
      supervisor: 'Supervisor',
      agent: 'Agent',
      campaign_manager: 'Campaign manager',
    });
    expect(de.roles).toEqual({
      admin: 'Administrator',
      supervisor: 'Supervisor',
      agent: 'Agent:in',
      campaign_manager: 'Kampagnenmanager:in',
    });
  });
});

describe('language choice', () => {
  it('is stored, applied to <html lang> and found again', async () => {
    await setLanguage('de');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('de');
    expect(document.documentElement.lang).toBe('de');
    expect(i18n.t('nav.settings')).toBe('Einstellungen');
    expect(detectLanguage()).toBe('de');
  });

  it('ignores a stored value that is no supported language', () => {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'xx');
    expect(['en', 'de']).toContain(detectLanguage());
  });
});
