import { plural } from '../../src-shared/plural';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** Under an hour both formats say the age the same way; null when it is an hour or older. */
function recentAge(age: number): string | null {
  if (!(age >= minute)) return 'just now';
  if (age < hour) return `${Math.floor(age / minute)} min ago`;
  return null;
}

/** How old something is, for "stale: read 3 h ago": the age, never a clock time. */
export function formatAge(at: string, now: number): string {
  const age = now - Date.parse(at);
  const recent = recentAge(age);
  if (recent) return recent;
  if (age < day) return `${Math.floor(age / hour)} h ago`;
  const days = Math.floor(age / day);
  return `${plural(days, 'day')} ago`;
}

/** "just now", "3 min ago" under an hour; the clock time after (with the day when not today). */
export function formatTestedAt(at: string, now: number): string {
  const time = Date.parse(at);
  const recent = recentAge(now - time);
  if (recent) return recent;
  const d = new Date(time);
  const clock = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return d.toDateString() === new Date(now).toDateString()
    ? clock
    : `${d.toLocaleDateString([], { month: 'short', day: 'numeric' })} ${clock}`;
}

/** An instant as a `datetime-local` input's text, in this computer's time zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
