// The signed-in devices ("Linked devices", GET /api/sessions/) in words: a name from what each device said it was
// (its User-Agent, which is only a claim and is never shown as it is) and when it was last used.

/** The User-Agent the desktop client sends (desktop-client's ApiClient): "Parley-Desktop/0.1.0 (Linux; Java 25)". */
const DESKTOP = /^Parley-Desktop\//;

// Order matters: Edge and Opera also say Chrome; Chrome also says Safari; Android also says Linux.
const BROWSERS = [
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\b(?:OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(?:Firefox|FxiOS)\//, 'Firefox'],
  [/\b(?:HeadlessChrome|Chrome|Chromium|CriOS)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];
const SYSTEMS = [
  [/\bWindows\b/, 'Windows'],
  [/\b(?:iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b|\bX11\b/, 'Linux'],
];

const find = (table, text) => table.find(([pattern]) => pattern.test(text))?.[1] ?? null;

/** "Chrome on Linux", "Safari on iOS", "Parley desktop", "Firefox"; "Unknown device" when nothing is recognised. */
export function deviceName(userAgent) {
  const text = String(userAgent ?? '');
  if (DESKTOP.test(text)) return 'Parley desktop';
  const browser = find(BROWSERS, text);
  if (!browser) return 'Unknown device';
  const system = find(SYSTEMS, text);
  return system ? `${browser} on ${system}` : browser;
}

const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }); // the locale's own (as the desktop's)
const date = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const DAY_MS = 86_400_000;
const startOfDay = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();

/**
 * "Active now" for this device (it is making the request); else when the device was last used, in the user's locale:
 * "Last active today at 14:05", "… yesterday at …", "… on 3 Nov 2026 at …" (the server moves it at most once a minute).
 */
export function lastActive(session, now = Date.now()) {
  if (session.current) return 'Active now';
  const used = new Date(session.last_used_at);
  if (Number.isNaN(used.getTime())) return '';
  const days = Math.round((startOfDay(new Date(now)) - startOfDay(used)) / DAY_MS);
  const at = time.format(used);
  if (days <= 0) return `Last active today at ${at}`;
  if (days === 1) return `Last active yesterday at ${at}`;
  return `Last active on ${date.format(used)} at ${at}`;
}

/** This device first, then the others as the server sent them (most recently used first). */
export function sortDevices(sessions) {
  return [...(sessions ?? [])].sort((a, b) => Number(b.current) - Number(a.current));
}
