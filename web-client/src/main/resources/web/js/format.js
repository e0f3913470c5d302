// Dates and times in the user's own locale, the way WhatsApp words them.

const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }); // the locale's own (as the desktop's)
const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'long' });
const shortDate = new Intl.DateTimeFormat(undefined, { day: '2-digit', month: '2-digit', year: 'numeric' });
const longDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric' });

const DAY_MS = 86_400_000;

function startOfDay(date) {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** Whole calendar days between `iso` and `now` (0 = today), in local time. */
function daysAgo(iso, now) {
  return Math.round((startOfDay(new Date(now)) - startOfDay(new Date(iso))) / DAY_MS);
}

/** "14:05" or "2:05 PM", as the locale says: the time on a bubble. */
export function formatTime(iso) {
  return time.format(new Date(iso));
}

/** A local calendar-day key, used to group messages under day separators. */
export function dayKey(iso) {
  const d = new Date(iso);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/** The day separator: "Today", "Yesterday", a weekday within the week, else the full date. */
export function dayLabel(iso, now = Date.now()) {
  const days = daysAgo(iso, now);
  if (days <= 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days < 7) return weekday.format(new Date(iso));
  return longDate.format(new Date(iso));
}

/** The time in the chat list: a time today, then "Yesterday", a weekday, a short date. */
export function listTime(iso, now = Date.now()) {
  const days = daysAgo(iso, now);
  if (days <= 0) return formatTime(iso);
  if (days === 1) return 'Yesterday';
  if (days < 7) return weekday.format(new Date(iso));
  return shortDate.format(new Date(iso));
}

/** "last seen today at 14:05" and friends; empty when the user never connected. */
export function lastSeen(iso, now = Date.now()) {
  return iso ? `last seen ${dayAndTime(iso, now)}` : '';
}

/** "today at 14:05", "yesterday at 14:05", "27/11/2026 at 14:05": when something happened, as a phrase. */
export function dayAndTime(iso, now = Date.now()) {
  const days = daysAgo(iso, now);
  if (days <= 0) return `today at ${formatTime(iso)}`;
  if (days === 1) return `yesterday at ${formatTime(iso)}`;
  return `${shortDate.format(new Date(iso))} at ${formatTime(iso)}`;
}
