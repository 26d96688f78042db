import { requirePageUser } from '@/lib/auth/page-user';
import { config } from '@/lib/config';
import { VERSION } from '@/lib/version';

export const dynamic = 'force-dynamic';

export default async function HomePage() {
  await requirePageUser('/');
  const store = config().store.kind;
  return (
    <main className="mx-auto max-w-3xl p-8">
      <h1 className="text-2xl font-semibold">Hostwatch</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        Server {VERSION} is running on the <strong>{store}</strong> store.
      </p>
    </main>
  );
}
