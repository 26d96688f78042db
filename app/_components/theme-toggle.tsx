'use client';

import { useState } from 'react';
import { THEME_COOKIE, THEMES, type Theme } from './theme';
import { iconButtonClass } from './styles';

const LABEL: Record<Theme, string> = { system: 'System theme', light: 'Light theme', dark: 'Dark theme' };
const ICON: Record<Theme, string> = { system: '◐', light: '☀', dark: '☾' };

/** Cycles system → light → dark. The class on <html> changes at once; the cookie makes it stick. */
export function ThemeToggle({ initial }: { initial: Theme }) {
  const [current, setTheme] = useState<Theme>(initial);
  const next = THEMES[(THEMES.indexOf(current) + 1) % THEMES.length]!;
  return (
    <button
      type="button"
      className={iconButtonClass}
      aria-label={`${LABEL[current]}; switch to ${LABEL[next].toLowerCase()}`}
      title={`${LABEL[current]} (click for ${LABEL[next].toLowerCase()})`}
      onClick={() => {
        const root = document.documentElement;
        root.classList.remove('light', 'dark');
        if (next !== 'system') root.classList.add(next);
        document.cookie = `${THEME_COOKIE}=${next}; path=/; max-age=${400 * 86_400}; samesite=lax`;
        setTheme(next);
      }}
    >
      <span aria-hidden="true">
        {ICON[current]}
      </span>
    </button>
  );
}
