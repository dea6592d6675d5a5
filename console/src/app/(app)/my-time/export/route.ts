import { writeTagTimeLog } from '@tagtime/log';
import { z } from 'zod';
import { withUserRoute } from '@/lib/guards/route-guards';
import { LogServerError, logServerErrorResponse } from '@/lib/log-server';
import { readMyView } from '@/lib/my-log';

/** The person's answers (renames and deletes applied) as an original TagTime log file. */
export const GET = withUserRoute(z.object({}), async (_request, _query, { user }) => {
  let text = '';
  try {
    const view = await readMyView(user);
    if (view) text = writeTagTimeLog(view.answers(), { timeZone: user.timeZone });
  } catch (error) {
    if (error instanceof LogServerError) return logServerErrorResponse(error);
    throw error;
  }
  const date = new Date().toISOString().slice(0, 10);
  return new Response(text, {
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'content-disposition': `attachment; filename="tagtime-${date}.log"`,
      'cache-control': 'no-store',
    },
  });
});
