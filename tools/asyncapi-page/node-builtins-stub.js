// Node built-ins that parts of the parser import for reading files, which a page never does.
export const readFile = undefined;
export const promisify = undefined;
export const Buffer = undefined;
export default {};
