/**
 * The files docs/plugin-guide.md shows whole: every fenced block whose info string names a file
 * (```ts file=src/index.ts). Together they are a complete plugin package.
 */
import { readFileSync } from 'node:fs';

/** One file block of the guide: its path in the plugin package and its text. */
export interface GuideFile {
  readonly path: string;
  readonly text: string;
}

const FILE_BLOCK = /^```[\w-]* file=(\S+)\n([\s\S]*?)^```$/gm;

/** The file blocks of a Markdown document, in order; a path named twice is an error. */
export function guideFiles(markdownPath: string): GuideFile[] {
  const markdown = readFileSync(markdownPath, 'utf8');
  const files = [...markdown.matchAll(FILE_BLOCK)].map(([, path, text]) => ({ path: path!, text: text! }));
  const seen = new Set<string>();
  for (const { path } of files) {
    if (seen.has(path)) throw new Error(`${markdownPath} shows ${path} twice; each file block must name a different file`);
    seen.add(path);
  }
  return files;
}
