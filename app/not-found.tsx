import Link from 'next/link';
import { linkClass } from './_components/styles';

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl px-6 py-20 text-center">
      <p className="text-sm font-medium text-sky-700 dark:text-sky-400">404</p>
      <h1 className="mt-2 text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">There is no host or page at this address. It may have been deleted, or the link is mistyped.</p>
      <p className="mt-6">
        <Link href="/" className={linkClass}>
          Back to the fleet
        </Link>
      </p>
    </main>
  );
}
