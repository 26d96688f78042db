import { STATUS_WORDS, type Status } from '@/lib/ui/fleet';

const STYLE: Record<Status, string> = {
  online: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  stale: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  offline: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
  waiting: 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300',
};
const DOT: Record<Status, string> = { online: 'bg-emerald-500', stale: 'bg-amber-500', offline: 'bg-red-500', waiting: 'bg-sky-500' };

/** Status in words and colour (never colour alone). */
export function StatusBadge({ status, disabled = false }: { status: Status; disabled?: boolean }) {
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ${STYLE[status]}`}
      data-status={status}
      title={disabled ? undefined : STATUS_WORDS[status].long}
    >
      <span className={`h-1.5 w-1.5 rounded-full ${DOT[status]}`} aria-hidden="true" />
      {disabled ? 'disabled' : STATUS_WORDS[status].short}
    </span>
  );
}
