// The agent's fast IP parser lives in core/net (the hub's geo lookup uses it too); kept here for agent imports.
export * from '../../core/net/ip-fast.ts';
