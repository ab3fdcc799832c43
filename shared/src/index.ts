export * from './errors.ts';
export * from './versioned.ts';
export * from './request/spec.ts';
export * from './n8n/digest-schema.ts';
