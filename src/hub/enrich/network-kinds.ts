/**
 * Address space that is not "VPS/Cloud" hosting although its operator is a cloud company: CDNs (the
 * address is the CDN's edge, not the attacker's server) and public DNS resolvers. Kept in the project
 * like `hosting-asns.ts`; range files can add CDN ranges (AWS CloudFront) on top.
 */

/** Anycast addresses of widely used public resolvers → operator. */
export const PUBLIC_RESOLVERS: ReadonlyMap<string, string> = new Map([
  ['1.1.1.1', 'Cloudflare'], ['1.0.0.1', 'Cloudflare'], ['1.1.1.2', 'Cloudflare'], ['1.0.0.2', 'Cloudflare'], ['1.1.1.3', 'Cloudflare'], ['1.0.0.3', 'Cloudflare'],
  ['2606:4700:4700::1111', 'Cloudflare'], ['2606:4700:4700::1001', 'Cloudflare'],
  ['8.8.8.8', 'Google'], ['8.8.4.4', 'Google'], ['2001:4860:4860::8888', 'Google'], ['2001:4860:4860::8844', 'Google'],
  ['9.9.9.9', 'Quad9'], ['149.112.112.112', 'Quad9'], ['9.9.9.10', 'Quad9'], ['9.9.9.11', 'Quad9'], ['2620:fe::fe', 'Quad9'], ['2620:fe::9', 'Quad9'],
  ['208.67.222.222', 'OpenDNS'], ['208.67.220.220', 'OpenDNS'], ['2620:119:35::35', 'OpenDNS'], ['2620:119:53::53', 'OpenDNS'],
  ['94.140.14.14', 'AdGuard'], ['94.140.15.15', 'AdGuard'],
  ['77.88.8.8', 'Yandex'], ['77.88.8.1', 'Yandex'],
  ['64.6.64.6', 'Verisign'], ['64.6.65.6', 'Verisign'],
  ['185.228.168.9', 'CleanBrowsing'], ['185.228.169.9', 'CleanBrowsing'],
  ['76.76.2.0', 'Control D'], ['76.76.10.0', 'Control D'],
  ['101.102.103.104', 'IIJ Public DNS'], ['101.101.101.101', 'TWNIC Quad101'],
  ['4.2.2.1', 'Level 3'], ['4.2.2.2', 'Level 3'],
]);

/** Autonomous systems whose address space is a CDN edge → CDN name. */
export const CDN_ASNS: ReadonlyMap<number, string> = new Map([
  [13335, 'Cloudflare'], [209242, 'Cloudflare'],
  [20940, 'Akamai'], [16625, 'Akamai'], [21342, 'Akamai'], [32787, 'Akamai'], [35994, 'Akamai'],
  [54113, 'Fastly'],
  [15133, 'Edgio'], [22822, 'Edgio'],
  [60068, 'CDN77'],
  [30675, 'StackPath'],
  [19551, 'Imperva Incapsula'],
  [202623, 'Bunny CDN'],
]);

/** Providers from range files whose whole address space is a CDN. */
export const CDN_PROVIDERS: ReadonlySet<string> = new Set(['Cloudflare', 'Amazon CloudFront', 'Akamai', 'Fastly']);
