/** @custom-elements-manifest/analyzer configuration: the manifest documents every element. */

/** Internal reactive state (`state: true`), the form controller and the base's generic `emit(name)` are not public API. */
const INTERNAL = new Set(['state', 'loadState', 'form', 'user', 'fieldErrors', 'formError'])

export default {
  globs: ['web-components/src/**/*.ts'],
  exclude: ['web-components/src/api/**'],
  outdir: 'web-components',
  litelement: true,
  plugins: [
    {
      name: 'aip-public-api-only',
      packageLinkPhase({ customElementsManifest }) {
        // The glob lists files in directory order, which differs between clones:
        // sorted by path, the manifest is the same on every machine (CI diffs it).
        customElementsManifest.modules.sort((a, b) =>
          a.path < b.path ? -1 : a.path > b.path ? 1 : 0
        )
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (declaration.attributes) {
              declaration.attributes = declaration.attributes.filter(
                (attribute) => !INTERNAL.has(attribute.name)
              )
            }
            if (declaration.events) {
              declaration.events = declaration.events.filter((event) => event.name !== 'name')
            }
            if (declaration.members) {
              declaration.members = declaration.members.filter(
                (member) => member.privacy !== 'private' && !INTERNAL.has(member.name)
              )
            }
          }
        }
      },
    },
  ],
}
