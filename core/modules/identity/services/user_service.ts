import hash from '@adonisjs/core/services/hash'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { userResource } from './user_resource.js'

/**
 * Creates a user with a personal workspace (owner membership is added by the
 * workspace trigger). Runs in the caller's service transaction.
 */
export async function createUserWithWorkspace(
  trx: TransactionClientContract,
  input: { email: string; password: string; fullName?: string | null; workspaceName?: string }
) {
  const [user] = await trx
    .insertQuery()
    .table('users')
    .insert({
      email: input.email,
      password: await hash.make(input.password),
      full_name: input.fullName ?? null,
    })
    .returning([...userResource.storedColumns])
  const [workspace] = await trx
    .insertQuery()
    .table('workspaces')
    .insert({
      name:
        input.workspaceName ??
        (input.fullName ? `${input.fullName}'s workspace` : 'Personal workspace'),
      is_personal: true,
      created_by: user.id,
    })
    .returning('*')
  await trx.from('users').where('id', user.id).update({ personal_workspace_id: workspace.id })
  return {
    user: { ...user, personal_workspace_id: workspace.id },
    workspace: { ...workspace, role: 'owner' },
  }
}

/** Hash of a random password, used to spend the same time when an e-mail is unknown. */
let decoyHash: string | undefined

/**
 * Finds a user by e-mail and checks the password in constant-ish time (a decoy
 * hash is verified when the e-mail is unknown). Returns the public columns.
 */
export async function verifyCredentials(
  trx: TransactionClientContract,
  email: string,
  password: string
) {
  const row = await trx
    .from('users')
    .select([...userResource.storedColumns, 'password'])
    .whereRaw('lower(email) = lower(?)', [email])
    .first()
  if (!row) {
    decoyHash ??= await hash.make('decoy-password-for-timing')
    await hash.verify(decoyHash, password)
    return null
  }
  if (!(await hash.verify(row.password, password))) return null
  delete row.password
  return row
}
