import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact.js';

describe('redactSecrets', () => {
  it('removes configured secrets and key-shaped tokens', () => {
    const text = 'failed with key sk-proj-abcdef123456 and Bearer abcdefghijkl and my-own-secret-value, api_key=zzzz1234';
    const out = redactSecrets(text, ['my-own-secret-value']);
    expect(out).not.toMatch(/abcdef123456|abcdefghijkl|my-own-secret-value|zzzz1234/);
    expect(out).toContain('[redacted]');
  });
});
