/**
 * An error caused by the user's input (config, flags, files). The CLI prints
 * its message without a stack trace and exits with `exitCode`.
 */
export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }

  static isInstance(err: unknown): err is UserError {
    // Subclasses (plan validation, budget, checkpoint errors) count too, also across module copies.
    return err instanceof UserError || (err instanceof Error && typeof (err as Partial<UserError>).exitCode === 'number');
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
