/** Keeps secrets out of anything we print or log: configured key values and key-shaped tokens. */
const KEY_PATTERNS: readonly RegExp[] = [
  /\bsk-[A-Za-z0-9_-]{8,}\b/g, // OpenAI-style keys
  /\b(?:Bearer)\s+[A-Za-z0-9._~+/-]{8,}=*/gi,
  /\b(api[_-]?key|token|secret)=([^\s&"']{4,})/gi,
];

export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  for (const pattern of KEY_PATTERNS) {
    out = out.replace(pattern, (match, name: unknown) => (typeof name === 'string' && /=/.test(match) ? `${name}=[redacted]` : '[redacted]'));
  }
  return out;
}

/** Values of the environment variables config names as API keys. */
export function secretValues(envNames: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  return envNames.map((name) => env[name]).filter((v): v is string => typeof v === 'string' && v.length > 0);
}
