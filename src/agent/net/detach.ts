// Lives in core/net (geo uses it too); kept here for agent imports.
export * from '../../core/net/detach.ts';
