import { Route } from '@adonisjs/core/http'
import { registerOperation, type OperationSpec } from '#core/openapi/operation_registry'

declare module '@adonisjs/core/http' {
  interface Route {
    /**
     * Describes the route for the OpenAPI document and names it after its
     * operationId (the tenant middleware reads the scope from it).
     */
    openapi(spec: OperationSpec): this
  }
}

Route.macro('openapi', function (this: Route, spec: OperationSpec) {
  registerOperation(this, spec)
  return this.as(spec.operationId)
})
