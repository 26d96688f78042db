/**
 * `import text from './file?raw'`: the file's contents as a string, put into
 * the server build by the bundler (Turbopack through the rule in
 * next.config.mjs, Vite under vitest natively), so nothing is read from disk
 * at run time.
 */
declare module '*?raw' {
  const text: string;
  export default text;
}
