/**
 * One list read a page at a time through the API's cursor: the first page (a new search), or the
 * page after the last one read (the list's "Next page").
 */
import { api, type Page } from './api.js';

export class Pager<T> {
  #nextCursor: string | undefined;

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
    const query = new URLSearchParams({ limit: String(this.limit) });
    for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
    if (next && this.#nextCursor) query.set('cursor', this.#nextCursor);
    const page = await api<Page<T>>('GET', `${this.path}?${query}`);
    this.#nextCursor = page.nextCursor;
    return page.items;
  }

  /**
   * Reads a page (see {@link read}) into `list`: in place of what it showed, or after it with
   * `next`; `more` (its "Next page" button) shows while another page follows.
   */
  async showIn(list: HTMLElement, more: HTMLElement, filters: Record<string, string>, next: boolean, render: (item: T) => HTMLElement): Promise<T[]> {
    const items = await this.read(filters, next);
    const shown = items.map(render);
    if (next) list.append(...shown);
    else list.replaceChildren(...shown);
    more.hidden = !this.more;
    return items;
  }
}
