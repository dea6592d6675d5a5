export * from './audit.js';
export * from './billing.js';
export * from './devices.js';
export * from './relations.js';
export * from './tenants.js';
export * from './users.js';
