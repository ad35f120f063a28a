import { LAYER_DEFINITIONS, LAYER_IDS, resolveLayerId, type LayerId } from '@citygrid/shared'
import type { Context } from 'hono'
import { audienceOf } from '../auth/auth.middleware.ts'
import type { AppEnv } from '../http/context.ts'
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../http/errors.ts'

/**
 * Who may read which layer, for every output of a layer (its GeoJSON pages, its vector tiles): the
 * layer `name` names (an old name too), if the caller may read it — 404 for no such layer, 401 for an
 * anonymous caller, 403 for a role outside the layer's readers.
 */
export function readableLayer(c: Context<AppEnv>, name: string): LayerId {
  const layer = resolveLayerId(name)
  if (!layer) throw new NotFoundError(`unknown layer '${name}'; layers are ${LAYER_IDS.join(', ')}`)
  const who = audienceOf(c)
  if (!who) throw new UnauthorizedError('sign in first, or send a personal API token')
  const { readers } = LAYER_DEFINITIONS[layer]
  if (!readers.includes(who)) throw new ForbiddenError(`role '${who}' may not read layer '${layer}'; readers: ${readers.join(', ')}`)
  return layer
}
