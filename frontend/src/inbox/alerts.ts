// How the desk gets an agent's attention for a new inbound message: a desktop
// notification and a short chime, each of which the agent can turn off.

import { useSyncExternalStore } from 'react';

export interface AlertSettings {
  /** Desktop notifications (also needs the browser's permission). */
  desktop: boolean;
  sound: boolean;
}

export const ALERTS_STORAGE_KEY = 'switchboard.inbox.alerts';
const DEFAULTS: AlertSettings = { desktop: true, sound: true };

let current: AlertSettings | null = null;
const listeners = new Set<() => void>();

function load(): AlertSettings {
  try {
    const raw = localStorage.getItem(ALERTS_STORAGE_KEY);
    if (raw) {
      const parsed = JSON.parse(raw) as Partial<AlertSettings>;
      return {
        desktop: typeof parsed.desktop === 'boolean' ? parsed.desktop : DEFAULTS.desktop,
        sound: typeof parsed.sound === 'boolean' ? parsed.sound : DEFAULTS.sound,
      };
    }
  } catch {
    // unreadable or storage disabled: defaults
  }
  return DEFAULTS;
}

export function alertSettings(): AlertSettings {
  current ??= load();
  return current;
}

export function setAlertSettings(change: Partial<AlertSettings>): void {
  current = { ...alertSettings(), ...change };
  try {
    localStorage.setItem(ALERTS_STORAGE_KEY, JSON.stringify(current));
  } catch {
    // storage disabled: the choice lasts for this page
  }
  for (const fn of [...listeners]) fn();
}

/** Forgets the in-memory copy (tests clear localStorage between runs). */
export function resetAlertSettings(): void {
  current = null;
}

function subscribe(fn: () => void) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function useAlertSettings(): AlertSettings {
  return useSyncExternalStore(subscribe, alertSettings);
}

/** The browser's notification permission, or "unsupported". */
export function notificationPermission(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

let audio: AudioContext | null = null;

/** Two short rising tones, made with the Web Audio API (no sound file). */
export function playChime(): void {
  const Ctx =
    window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctx) return;
  try {
    audio ??= new Ctx();
    if (audio.state === 'suspended') void audio.resume();
    const start = audio.currentTime + 0.01;
    [880, 1320].forEach((frequency, i) => {
      const osc = audio!.createOscillator();
      const gain = audio!.createGain();
      const t = start + i * 0.12;
      osc.type = 'sine';
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.18, t + 0.015);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.16);
      osc.connect(gain).connect(audio!.destination);
      osc.start(t);
      osc.stop(t + 0.18);
    });
  } catch {
    // Audio blocked (no user gesture yet): stay silent.
  }
}

/** Shows a desktop notification when allowed; clicking it focuses the tab. */
export function showDesktopNotification(title: string, body: string, tag: string, onClick: () => void): void {
  if (notificationPermission() !== 'granted') return;
  try {
    const n = new Notification(title, { body, tag });
    n.onclick = () => {
      window.focus();
      onClick();
      n.close();
    };
  } catch {
    // Some browsers only allow notifications from a service worker.
  }
}
