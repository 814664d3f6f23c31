import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { WorkerError, abortError, isRetryableStatus, parseRetryAfterMs } from '../errors.js';

/** Removes the API key (and anything shaped like an OpenAI key) from text that may reach logs. */
export function redactKey(text: string, apiKey: string | undefined): string {
  let out = text;
  if (apiKey && apiKey.length >= 8) out = out.split(apiKey).join('[redacted]');
  return out.replace(/\bsk-[A-Za-z0-9_\-*]{8,}/g, 'sk-[redacted]');
}

/** Maps what the openai client throws onto a WorkerError the executor can act on. */
export function mapOpenAIError(err: unknown, provider: string, signal: AbortSignal, apiKey?: string): WorkerError {
  if (WorkerError.isInstance(err)) return err;
  if (signal.aborted || err instanceof APIUserAbortError) return abortError(provider, signal);
  if (err instanceof APIConnectionTimeoutError) {
    return new WorkerError(`${provider} request timed out`, { provider, kind: 'timeout', retryable: true, cause: err });
  }
  if (err instanceof APIConnectionError) {
    return new WorkerError(`${provider} connection failed: ${redactKey(err.message, apiKey)}`, { provider, kind: 'network', retryable: true, cause: err });
  }
  if (err instanceof APIError && typeof err.status === 'number') {
    const status = err.status;
    const retryAfterMs = parseRetryAfterMs(err.headers);
    return new WorkerError(`${provider} HTTP ${status}: ${redactKey(err.message, apiKey)}`, {
      provider,
      kind: status === 429 ? 'rate-limit' : 'http',
      retryable: isRetryableStatus(status),
      status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new WorkerError(`${provider} call failed: ${redactKey(message, apiKey)}`, { provider, kind: 'invalid-response', retryable: false, cause: err });
}
