// Shared by the db:* scripts: one clear line on failure, a non-zero exit code.
export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    console.error(`[tagtime/db] ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof Error && error.cause) console.error(error.cause);
    process.exitCode = 1;
  }
}

export function log(line: string): void {
  console.log(`[tagtime/db] ${line}`);
}
