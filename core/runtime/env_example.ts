import { readFile } from 'node:fs/promises'

/** The environment schema's source: every variable the platform reads is declared there. */
export const ENV_SCHEMA_FILE = 'core/start/env.ts'
/** The file operators copy to `.env`, generated from ENV_SCHEMA_FILE. */
export const ENV_EXAMPLE_FILE = '.env.example'

/** One variable of the environment schema with the doc comment above it. */
export interface EnvVariable {
  name: string
  /** Schema type (`string`, `number`, `boolean`, `secret`, `enum`). */
  type: string
  /** Allowed values of an enum. */
  choices: string[]
  /** The doc comment that applies (a comment may describe a group of variables). */
  comment: string
}

const VARIABLE = /^\s*([A-Z][A-Z0-9_]*):\s*Env\.schema\.(\w+)\.optional\(/
const DOC = /\/\*\*([\s\S]*?)\*\//

/**
 * Reads the variables declared in the environment schema's source, in order,
 * with their doc comments and enum choices. The schema (not a second list)
 * stays the one place where a variable is declared.
 */
export function parseEnvSchema(source: string): EnvVariable[] {
  const lines = source.split('\n')
  const variables: EnvVariable[] = []
  let comment = ''
  let pending: string[] = []
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]
    if (line.trim().startsWith('/**')) {
      let text = line
      while (!text.includes('*/') && index + 1 < lines.length) text += `\n${lines[++index]}`
      comment = (DOC.exec(text)?.[1] ?? '')
        .split('\n')
        .map((part) => part.replace(/^\s*\*?\s?/, '').trim())
        .filter(Boolean)
        .join(' ')
      continue
    }
    const match = VARIABLE.exec(line)
    if (!match) {
      // A blank line ends the group a comment describes.
      if (!line.trim()) comment = ''
      continue
    }
    pending = [line]
    // Enum choices may span several lines until the closing `)`.
    let depth = 0
    for (let cursor = index; cursor < lines.length; cursor++) {
      if (cursor > index) pending.push(lines[cursor])
      depth += (lines[cursor].match(/\(/g) ?? []).length - (lines[cursor].match(/\)/g) ?? []).length
      if (depth <= 0) {
        index = cursor
        break
      }
    }
    const choices =
      match[2] === 'enum' ? [...pending.join(' ').matchAll(/'([^']*)'/g)].map((m) => m[1]) : []
    variables.push({ name: match[1], type: match[2], choices, comment })
  }
  return variables
}

/** The `.env.example` text for the variables of the schema: every variable commented out. */
export function renderEnvExample(variables: EnvVariable[]): string {
  const out = [
    '# Generated from core/start/env.ts by `node ace env:example`: do not edit by hand.',
    '# Every variable is optional: `npm start` runs on a fresh clone with none set.',
    '# Production sets at least NODE_ENV=production, APP_KEY and DATABASE_URL.',
    '# Uncomment and set what you need (docs/guide/deploy.md).',
  ]
  let lastComment: string | undefined
  for (const variable of variables) {
    if (variable.comment !== lastComment) {
      out.push('')
      if (variable.comment) out.push(`# ${variable.comment}`)
      lastComment = variable.comment
    }
    const kind = variable.choices.length ? variable.choices.join(' | ') : variable.type
    out.push(`# ${variable.name}=    (${kind})`)
  }
  return `${out.join('\n')}\n`
}

/** The `.env.example` text generated from the schema file under `root`. */
export async function generateEnvExample(root: URL): Promise<string> {
  return renderEnvExample(parseEnvSchema(await readFile(new URL(ENV_SCHEMA_FILE, root), 'utf8')))
}
