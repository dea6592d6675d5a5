import { OfflineError, type SyncClient } from '@tagtime/client';

/**
 * After a local write: sends it if the machine is paired and the server answers, and says in one
 * line what happened. Being offline is normal for this program, so it is reported, not thrown.
 */
export async function pushQuietly(client: SyncClient): Promise<string> {
  if (!client.paired) return 'saved on this machine (not paired: `tagtime pair <code>` to sync)';
  try {
    const result = await client.push();
    return result.sent > 0 ? 'saved and sent to the server' : 'saved';
  } catch (error) {
    if (error instanceof OfflineError) {
      return `saved on this machine; not sent yet: ${error.message}. \`tagtime sync\` sends it later`;
    }
    throw error;
  }
}
