/** What a command prints (JSON on stdout) and the process exit code. */
export interface CommandResult {
  output: unknown;
  exitCode: number;
}
