import type { Types } from '@amplitude/analytics-node'

// The node SDK re-exports neither its Transport nor its Response types; derive them from the
// options it does export, so the adapter is checked against the installed SDK.
export type SdkTransport = NonNullable<Types.NodeOptions['transportProvider']>
export type SdkPayload = Parameters<SdkTransport['send']>[1]
export type SdkResponse = NonNullable<Awaited<ReturnType<SdkTransport['send']>>>
export type SdkPlugin = Parameters<Types.NodeClient['add']>[0]
