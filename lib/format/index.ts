export * from './units';
export * from './time';
