import { NotFoundMessage } from '@/components/not-found-message';

/** A tenant, invoice or page of the signed-in area that is not there (or not the person's). */
export default function NotFound() {
  return <NotFoundMessage />;
}
