// The fleet library API: conformance across many repositories.
export { createFleetDocument, FLEET_SCHEMA_VERSION, type FleetDocument, type FleetRepository } from './document.js'
export { discoverRepositories, readRepositoryList, type FleetTarget } from './discover.js'
export { scanFleet, type FleetScanOptions } from './scan.js'
export { mergeFleetResults, readFleetDocument } from './report.js'
export { renderDashboard, renderMarkdownSummary } from './dashboard.js'
export { planBatches, listOrganisationRepositories, MAX_MATRIX_JOBS } from './plan.js'
export { writeFleetOutputs, describeFleet } from './outputs.js'
