'use client';

import { FleetCards } from './fleet-cards';
import { FleetTable, type FleetListProps } from './fleet-table';

/**
 * The table from 1024 px on, cards below: chosen by CSS, so the server's
 * HTML is right before any script runs and no width is measured. Only the
 * shown one is in the accessibility tree (the other is display: none).
 */
export function FleetList(props: FleetListProps) {
  return (
    <>
      <div className="hidden lg:block">
        <FleetTable {...props} />
      </div>
      <div className="lg:hidden">
        <FleetCards {...props} />
      </div>
    </>
  );
}
