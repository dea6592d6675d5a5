export * from './audit.js';
export * from './billing.js';
export * from './devices.js';
export * from './mail.js';
export * from './relations.js';
export * from './tenants.js';
export * from './users.js';
