// Display helpers: event types, dates, statuses.

/** "TakeControl" -> "Take control"; "PrisonBreak" -> "Prison break". */
export function typeLabel(type) {
  if (!type) return 'Event';
  const words = type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(' ');
  return words.map((w, i) => (i === 0 ? w : w.toLowerCase())).join(' ');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2021-08-11" -> "11 Aug 2021"; "2021-08" -> "Aug 2021"; "2021" -> "2021"; null -> "undated". */
export function dateLabel(date) {
  if (!date) return 'undated';
  const [year, month, day] = date.split('-');
  if (day) return `${Number(day)} ${MONTHS[Number(month) - 1]} ${year}`;
  if (month) return `${MONTHS[Number(month) - 1]} ${year}`;
  return year;
}

/** Days since 1970-01-01 of an ISO date (UTC, no time zone surprises). */
export function dayNumber(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 86400000;
}

export function shortDay(day) {
  const date = new Date(day * 86400000);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
}

export function monthLabel(day) {
  const date = new Date(day * 86400000);
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

export const STATUS_HELP = {
  Claimed: 'reported, but not by two independent origins',
  Corroborated: 'reported by two or more independent origins',
  Contested: 'a statement disputes it',
};

export function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

/** An article's name for people: its title, else its source (URL or file name). */
export function articleName(article) {
  return article.title || article.source || article.id || article.iri;
}
