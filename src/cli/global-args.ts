/** Flags every command accepts. */
export interface GlobalArgs {
  config?: string;
}
