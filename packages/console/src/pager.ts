/**
 * One list read a page at a time through the API's cursor: the first page (a new search), or the
 * page after the last one read (the list's "Next page").
 */
import { api, type Page } from './api.js';

export class Pager<T> {
  #nextCursor: string | undefined;
  /** The number of the last read asked for: an answer to an older one is stale. */
  #latest = 0;

  constructor(
    private readonly path: string,
    private readonly limit: number,
  ) {}

  /** Whether a page follows the last one read. */
  get more(): boolean {
    return this.#nextCursor !== undefined;
  }

  /** The first page with these filters (empty ones left out), or with `next` the page after the last one read. */
  async read(filters: Record<string, string>, next: boolean): Promise<T[]> {
    const page = await this.#fetch(filters, next);
    this.#nextCursor = page.nextCursor;
    return page.items;
  }

  /**
   * Reads a page (see {@link read}) into `list`: in place of what it showed, or after it with
   * `next`; `more` (its "Next page" button) shows while another page follows. Only the last read
   * asked for is shown: a search typed while the first page loads is not overwritten by that
   * page when it answers later (its items are not returned either). The list is `aria-busy` until then.
   */
  async showIn(list: HTMLElement, more: HTMLElement, filters: Record<string, string>, next: boolean, render: (item: T) => HTMLElement): Promise<T[] | undefined> {
    const request = ++this.#latest;
    list.setAttribute('aria-busy', 'true');
    try {
      const page = await this.#fetch(filters, next);
      if (request !== this.#latest) return undefined;
      this.#nextCursor = page.nextCursor;
      const shown = page.items.map(render);
      if (next) list.append(...shown);
      else list.replaceChildren(...shown);
      more.hidden = !this.more;
      return page.items;
    } finally {
      if (request === this.#latest) list.removeAttribute('aria-busy');
    }
  }

  #fetch(filters: Record<string, string>, next: boolean): Promise<Page<T>> {
    const query = new URLSearchParams({ limit: String(this.limit) });
    for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
    if (next && this.#nextCursor) query.set('cursor', this.#nextCursor);
    return api<Page<T>>('GET', `${this.path}?${query}`);
  }
}
