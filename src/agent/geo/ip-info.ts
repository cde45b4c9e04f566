// IP → ASN/country data is shared with the hub's enrichment, so it lives in src/geo; kept here for agent imports.
export * from '../../geo/ip-info.ts';
