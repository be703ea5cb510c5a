/** Stylesheets imported by the elements arrive as text (esbuild `text` loader, see build.ts). */
declare module '*.css' {
  const text: string
  export default text
}
