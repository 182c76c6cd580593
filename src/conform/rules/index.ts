import type { Rule } from '../rule.js'
import devcontainerHardenedBase from './devcontainer-hardened-base.js'
import devcontainerNoDockerSocket from './devcontainer-no-docker-socket.js'
import devcontainerNoPrivileged from './devcontainer-no-privileged.js'
import devcontainerNonRootUser from './devcontainer-non-root-user.js'
import dockerfileAptHygiene from './dockerfile-apt-hygiene.js'
import dockerfileBasePinned from './dockerfile-base-pinned.js'
import dockerfileCopyNotAdd from './dockerfile-copy-not-add.js'
import dockerfileExposeUnprivileged from './dockerfile-expose-unprivileged.js'
import dockerfileHealthcheck from './dockerfile-healthcheck.js'
import dockerfileNoCurlPipeSh from './dockerfile-no-curl-pipe-sh.js'
import dockerfileNoLatestTag from './dockerfile-no-latest-tag.js'
import dockerfileNoSecretsInEnv from './dockerfile-no-secrets-in-env.js'
import dockerfileNoSudo from './dockerfile-no-sudo.js'
import dockerfileNonRootUser from './dockerfile-non-root-user.js'
import dockerfilePipefail from './dockerfile-pipefail.js'
import dockerignoreEntries from './dockerignore-entries.js'
import driftConfigValid from './drift-config-valid.js'
import driftReferenceProfiles from './drift-reference-profiles.js'
import driftWorkflowScheduled from './drift-workflow-scheduled.js'
import gitlabCiPinned from './gitlab-ci-pinned.js'
import llmCostBudget from './llm-cost-budget.js'
import llmEvalConfigured from './llm-eval-configured.js'
import llmNoInlineKeys from './llm-no-inline-keys.js'
import llmPromptsReleasedUnchanged from './llm-prompts-released-unchanged.js'
import llmPromptsVersioned from './llm-prompts-versioned.js'
import llmRedteamInCi from './llm-redteam-in-ci.js'
import manifestPresent from './manifest-present.js'
import manifestTemplateKnown from './manifest-template-known.js'
import manifestTemplateVersion from './manifest-template-version.js'
import manifestValid from './manifest-valid.js'
import modelsArtifactHash from './models-artifact-hash.js'
import modelsGatesPassed from './models-gates-passed.js'
import modelsLayout from './models-layout.js'
import modelsMetadataValid from './models-metadata-valid.js'
import modelsNoLargeBinaries from './models-no-large-binaries.js'
import modelsRegistryAliases from './models-registry-aliases.js'
import modelsReleasedUnchanged from './models-released-unchanged.js'
import secretsEnvExampleNamesOnly from './secrets-env-example-names-only.js'
import secretsEnvIgnored from './secrets-env-ignored.js'
import secretsNoCredentials from './secrets-no-credentials.js'
import templateManagedUnchanged from './template-managed-unchanged.js'
import templateRequiredFiles from './template-required-files.js'
import templateUpdateComplete from './template-update-complete.js'
import workflowActionsPinned from './workflow-actions-pinned.js'
import workflowCheckoutNoPersistCredentials from './workflow-checkout-no-persist-credentials.js'
import workflowNoPullRequestTarget from './workflow-no-pull-request-target.js'
import workflowNoSecretsInherit from './workflow-no-secrets-inherit.js'
import workflowNoUntrustedInterpolation from './workflow-no-untrusted-interpolation.js'
import workflowPermissions from './workflow-permissions.js'
import workflowRequiredJobs from './workflow-required-jobs.js'

/** Every rule, sorted by id (explicit: no filesystem discovery, so bundling keeps them all). */
export const RULES: readonly Rule[] = [
  devcontainerHardenedBase,
  devcontainerNoDockerSocket,
  devcontainerNoPrivileged,
  devcontainerNonRootUser,
  dockerfileAptHygiene,
  dockerfileBasePinned,
  dockerfileCopyNotAdd,
  dockerfileExposeUnprivileged,
  dockerfileHealthcheck,
  dockerfileNoCurlPipeSh,
  dockerfileNoLatestTag,
  dockerfileNoSecretsInEnv,
  dockerfileNoSudo,
  dockerfileNonRootUser,
  dockerfilePipefail,
  dockerignoreEntries,
  driftConfigValid,
  driftReferenceProfiles,
  driftWorkflowScheduled,
  gitlabCiPinned,
  llmCostBudget,
  llmEvalConfigured,
  llmNoInlineKeys,
  llmPromptsReleasedUnchanged,
  llmPromptsVersioned,
  llmRedteamInCi,
  manifestPresent,
  manifestTemplateKnown,
  manifestTemplateVersion,
  manifestValid,
  modelsArtifactHash,
  modelsGatesPassed,
  modelsLayout,
  modelsMetadataValid,
  modelsNoLargeBinaries,
  modelsRegistryAliases,
  modelsReleasedUnchanged,
  secretsEnvExampleNamesOnly,
  secretsEnvIgnored,
  secretsNoCredentials,
  templateManagedUnchanged,
  templateRequiredFiles,
  templateUpdateComplete,
  workflowActionsPinned,
  workflowCheckoutNoPersistCredentials,
  workflowNoPullRequestTarget,
  workflowNoSecretsInherit,
  workflowNoUntrustedInterpolation,
  workflowPermissions,
  workflowRequiredJobs,
]
