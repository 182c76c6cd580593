import Docker from 'dockerode'
import { ToolError } from '../errors.js'

let client: Docker | undefined

/** The one Dockerode instance: DOCKER_HOST when set, else the default socket (dockerode's own rule). */
export function getDocker(): Docker {
  client ??= new Docker()
  return client
}

/** Fails with exit 2 and a clear message when no engine answers, before any real work starts. */
export async function connectEngine(): Promise<Docker> {
  const docker = getDocker()
  try {
    await docker.ping()
    return docker
  } catch (error) {
    const where = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock'
    throw new ToolError('engine', `Cannot reach a Docker engine at ${where}. Start dockerd or set DOCKER_HOST.`, {
      cause: error,
    })
  }
}

/** True when the engine holds an image under this reference or ID. */
export async function imageExists(reference: string): Promise<boolean> {
  try {
    await getDocker().getImage(reference).inspect()
    return true
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false
    throw error
  }
}

/** Labels every image and container opsmith creates carry, so they can be found and cleaned up. */
export const OPSMITH_LABEL = 'dev.opsmith.built-by'
