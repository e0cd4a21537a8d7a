/**
 * The configuration of one Example RMM integration. `apiKey` is marked `secret()`: the host
 * accepts it only as an `env:`/`file:` reference, and scrubs it from every log line and error.
 */
import { secret } from '@rmm-hub/core/plugin';
import { z } from 'zod';

export const ExampleConfig = z.object({
  /** The Example RMM server, e.g. `https://rmm.example.com`. */
  serverUrl: z.url({ protocol: /^https?$/, error: 'must be the full server address, e.g. https://rmm.example.com' }),
  /** An API key from Settings → API keys. */
  apiKey: secret(z.string().min(16, 'the API key is at least 16 characters long')),
  /** Records per list request; the server clamps above 100. @default 50 */
  pageSize: z.number().int().min(1).max(100).default(50),
  /** How often RunScript asks whether a job has finished. @default 1000 */
  pollIntervalMs: z.number().int().min(10).max(60_000).default(1000),
});
export type ExampleConfig = z.infer<typeof ExampleConfig>;
export type ExampleConfigInput = z.input<typeof ExampleConfig>;
