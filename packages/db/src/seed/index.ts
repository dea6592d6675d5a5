// The demo data, for development tools and other workspaces' tests; never for production.
export { DEMO_DEVICES, DEMO_TENANT_NAME, DEMO_USERS, type DemoDevice } from './demo-data.js';
export { DEMO_LOG_DAYS, type DemoLogReport, demoLogEntries, seedDemoLogs } from './demo-logs.js';
export { otpauthUri, type SeedResult, seed } from './seed.js';
