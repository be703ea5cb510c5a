import ace from '@adonisjs/core/services/ace'
import SecretsRotate from '#modules/secrets/commands/secrets_rotate'
import { serviceRows } from '#tests/helpers/service_rows'
import type { TestAccount } from '#tests/helpers/accounts'

/** A provider key long enough to get a hint (last 4 characters: WXYZ). */
export const OPENAI_KEY = 'sk-test-0123456789abcdefWXYZ'

/** The stored row of a secret, read as app_service (what an attacker with the database sees). */
export async function storedRow(account: TestAccount, serviceName: string, workspaceId?: string) {
  const [row] = await serviceRows(
    'select * from user_secrets where user_id = ? and workspace_id = ? and service_name = ?',
    [account.id, workspaceId ?? account.personalWorkspaceId, serviceName]
  )
  return row
}

/** The caller's audit rows for a service, oldest first. */
export async function auditRows(account: TestAccount, serviceName: string) {
  return serviceRows(
    `select operation, purpose, host(ip_address) as ip, user_agent, success, error_message
         from secret_audit_logs where user_id = ? and service_name = ? order by created_at, operation`,
    [account.id, serviceName]
  )
}

/** The identity of an account in its personal workspace, for withTenant(). */
export function asOwner(account: TestAccount) {
  return { userId: account.id, workspaceId: account.personalWorkspaceId }
}

/** Runs `node ace secrets:rotate` in this process (it shares the test database): exit code and log lines. */
export async function runSecretsRotate() {
  ace.ui.switchMode('raw')
  try {
    const command = await ace.create(SecretsRotate, [])
    await command.exec()
    return { exitCode: command.exitCode, logs: ace.ui.logger.getLogs().map((log) => log.message) }
  } finally {
    ace.ui.logger.flushLogs()
    ace.ui.switchMode('normal')
  }
}
