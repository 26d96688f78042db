import Link from 'next/link';
import { linkClass } from './styles';

/**
 * A host's name as a link to its page, cut to its box with an ellipsis so a
 * 100-character name cannot push its neighbours away. The full name stays
 * reachable: the tooltip on hover, the link's accessible name, and on
 * focus (keyboard or not) the link unfolds to show all of it, wrapped.
 */
export function HostNameLink({ id, name, className = '' }: { id: string; name: string; className?: string }) {
  return (
    <Link
      href={`/hosts/${encodeURIComponent(id)}`}
      title={name}
      aria-label={name}
      data-host-name
      className={`${linkClass} block max-w-full truncate font-medium focus:whitespace-normal focus:break-all ${className}`}
    >
      {name}
    </Link>
  );
}
