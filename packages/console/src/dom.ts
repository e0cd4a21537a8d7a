/** Building the pages' elements: text only through `textContent`, so nothing from the API is parsed as HTML. */

export const element = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] => {
  const made = document.createElement(tag);
  if (text !== undefined) made.textContent = text;
  if (className !== undefined) made.className = className;
  return made;
};

export function button(label: string, className: string, onClick: () => void): HTMLButtonElement {
  const made = element('button', label, className);
  made.type = 'button';
  made.addEventListener('click', onClick);
  return made;
}

/** A record's fields as a definition list (evidence, details): strings as they are, the rest as JSON. */
export function factList(facts: Record<string, unknown>): HTMLDListElement {
  const list = element('dl', undefined, 'facts');
  for (const [key, value] of Object.entries(facts)) list.append(element('dt', key), element('dd', typeof value === 'string' ? value : JSON.stringify(value)));
  return list;
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [['day', 86_400], ['hour', 3_600], ['minute', 60], ['second', 1]];

/** `5 minutes ago`, `yesterday`: how long ago an instant was, by the browser's clock. */
export function ago(instant: string): string {
  const seconds = Math.round((Date.parse(instant) - Date.now()) / 1000);
  const [unit, size] = UNITS.find(([, s]) => Math.abs(seconds) >= s) ?? ['second', 1];
  return relative.format(Math.round(seconds / size), unit);
}
