/**
 * Everything the CLI writes to stderr for people — notes, log lines, errors — goes through
 * {@link writeStderr}, so a live display (the sync progress) can step aside: it is cleared, the
 * line is written above it, and it is drawn again below. Written straight to the stream, the
 * line would be erased by the display's next redraw.
 */

export interface LiveRegion {
  clear(): void;
  redraw(): void;
}

let live: LiveRegion | undefined;

/** Makes `region` the display that steps aside; returns the function that removes it. */
export function setLiveRegion(region: LiveRegion): () => void {
  live = region;
  return () => {
    if (live === region) live = undefined;
  };
}

export function writeStderr(text: string): void {
  live?.clear();
  process.stderr.write(text);
  live?.redraw();
}
