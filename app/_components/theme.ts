/** The chosen theme, kept in a cookie so the server can render the right class. Client-safe. */
export const THEME_COOKIE = 'hw-theme';
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export function parseTheme(value: string | undefined): Theme {
  return value === 'light' || value === 'dark' ? value : 'system';
}
